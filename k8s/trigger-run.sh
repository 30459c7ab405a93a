#!/bin/sh
# Starts one export through the service's run API and waits for it to end, for a Kubernetes CronJob
# (or any scheduler that runs a container): POST /exports/$EXPORT_NAME/runs answers 202 with a
# run_id at once, then GET /runs/$run_id is polled until the run succeeded (exit 0) or failed
# (exit 1, the run's result on stderr). No HTTP request stays open for the length of the export,
# so neither an ingress nor a proxy timeout can cut it, and the Job's activeDeadlineSeconds is the
# only bound. POSIX sh + curl only (the curlimages/curl image); writes no file.
#
# Environment:
#   EXPORT_NAME       required, the export to run
#   RUN_DATE          optional YYYY-MM-DD (default: the service's today in UTC)
#   SERVICE_URL       default http://bq-sftp-export:8080
#   AUTH_TOKEN        optional bearer token (when the service sets AUTH_TOKEN)
#   POLL_SECONDS      default 30
#   MAX_POLL_ERRORS   consecutive failed polls tolerated (service restarting), default 10
# Exit: 0 succeeded, 1 failed or lost, 2 refused (bad request, unknown export, wrong token).
set -eu

: "${EXPORT_NAME:?set EXPORT_NAME to the export to run}"
url="${SERVICE_URL:-http://bq-sftp-export:8080}"
poll="${POLL_SECONDS:-30}"
max_errors="${MAX_POLL_ERRORS:-10}"

case "$EXPORT_NAME" in
  *[!A-Za-z0-9_-]*) echo "trigger: EXPORT_NAME may contain only letters, digits, _ and -" >&2; exit 2 ;;
esac
body='{}'
if [ -n "${RUN_DATE:-}" ]; then
  case "$RUN_DATE" in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) body="{\"date\":\"$RUN_DATE\"}" ;;
    *) echo "trigger: RUN_DATE must be YYYY-MM-DD" >&2; exit 2 ;;
  esac
fi
# The first "name":"value" string field in a JSON text (top-level fields come first in the service's answers).
field() {
  # shellcheck disable=SC2020 # each of , { } becomes a line break
  printf '%s' "$2" | tr ',{}' '\n\n\n' | sed -n "s/^[[:space:]]*\"$1\"[[:space:]]*:[[:space:]]*\"\([^\"]*\)\".*/\1/p" | head -n 1
}

# call METHOD PATH [curl args]: sets $code and $answer; the status code is the last line of curl's
# output. The bearer token goes to curl on stdin (-H @-), so no process list ever shows it.
call() {
  method=$1
  path=$2
  shift 2
  if out=$(printf '%s\n' "${AUTH_TOKEN:+Authorization: Bearer $AUTH_TOKEN}" | curl --silent --show-error \
      --max-time 60 --request "$method" --header @- --write-out '\n%{http_code}' "$@" "$url$path"); then
    code=${out##*"
"}
    answer=${out%"
"*}
  else
    code=000
    answer="cannot reach $url"
  fi
}

call POST "/exports/$EXPORT_NAME/runs" --retry 5 --retry-connrefused --retry-delay 5 \
  --header 'Content-Type: application/json' --data "$body"
case "$code" in
  202|200) ;;
  4??) echo "trigger: $EXPORT_NAME refused ($code): $answer" >&2; exit 2 ;;
  *) echo "trigger: cannot start $EXPORT_NAME ($code): $answer" >&2; exit 1 ;;
esac
run_id=$(field run_id "$answer")
if [ -z "$run_id" ]; then
  echo "trigger: no run_id in the answer: $answer" >&2
  exit 1
fi
echo "trigger: $EXPORT_NAME started as run $run_id (polling every ${poll}s)"

errors=0
while :; do
  sleep "$poll"
  call GET "/runs/$run_id"
  if [ "$code" = 200 ]; then
    errors=0
    status=$(field status "$answer")
    case "$status" in
      running) ;;
      succeeded) echo "trigger: run $run_id succeeded"; printf '%s\n' "$answer"; exit 0 ;;
      *) echo "trigger: run $run_id $status" >&2; printf '%s\n' "$answer" >&2; exit 1 ;;
    esac
  elif [ "$code" = 404 ]; then
    # The service restarted and lost the run (a restart cancels it): fail, so the Job retries.
    echo "trigger: run $run_id is unknown to the service (restarted?): $answer" >&2
    exit 1
  else
    errors=$((errors + 1))
    echo "trigger: polling run $run_id failed ($code, $errors of $max_errors): $answer" >&2
    if [ "$errors" -ge "$max_errors" ]; then
      exit 1
    fi
  fi
done
