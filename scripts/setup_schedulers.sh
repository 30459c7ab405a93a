#!/usr/bin/env bash
# One Cloud Scheduler job per export. Safe to re-run: an existing job is updated to the given
# schedule and target, a missing one created.
#
# Required: PROJECT_ID, SCHEDULES: entries "export_name=cron expression" separated by ';', e.g.
#   SCHEDULES='product_data=0 2 * * *;customer_data=30 3 * * 0'
# Optional: REGION (us-central1; the scheduler location), TIME_ZONE (Etc/UTC), JOB_PREFIX
#   (bq-sftp-export), TARGET: pubsub (default) or http.
#   pubsub: publishes {"export_name":"<name>"} to TOPIC (bq-sftp-export-triggers). The service's
#     pull subscriber (or a push subscription) runs the export and acks when it is done, however
#     long it takes: no request is held open, so neither Scheduler's 30-minute deadline nor Cloud
#     Run's 60-minute request limit applies. This is the convention.
#   http: POST /exports/<name>/runs on the service (SERVICE_URL, else looked up from SERVICE_NAME,
#     default bq-sftp-export), which answers 202 at once while the export runs on: the job succeeds
#     when the run started, not when it landed (watch the run's logs or GET /runs/{id}). Needs
#     SCHEDULER_SERVICE_ACCOUNT (may invoke the service; OIDC token audience = URL) and a service
#     without AUTH_TOKEN (the Authorization header carries Google's OIDC token), CPU always
#     allocated on Cloud Run (setup_cloudrun.sh sets it). ATTEMPT_DEADLINE (120s).
#   MAX_RETRY_ATTEMPTS (1), DRY_RUN=1 prints the commands only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "${SCRIPT_DIR}/lib.sh"

PROJECT_ID="${PROJECT_ID:?set PROJECT_ID to the Google Cloud project id}"
SCHEDULES="${SCHEDULES:?set SCHEDULES, e.g. 'product_data=0 2 * * *;customer_data=30 3 * * 0'}"
REGION="${REGION:-us-central1}"
TIME_ZONE="${TIME_ZONE:-Etc/UTC}"
JOB_PREFIX="${JOB_PREFIX:-bq-sftp-export}"
TARGET="${TARGET:-pubsub}"
SERVICE_NAME="${SERVICE_NAME:-bq-sftp-export}"
TOPIC="${TOPIC:-bq-sftp-export-triggers}"
ATTEMPT_DEADLINE="${ATTEMPT_DEADLINE:-120s}"
MAX_RETRY_ATTEMPTS="${MAX_RETRY_ATTEMPTS:-1}"

need gcloud

case "${TARGET}" in
  http)
    SCHEDULER_SERVICE_ACCOUNT="${SCHEDULER_SERVICE_ACCOUNT:?set SCHEDULER_SERVICE_ACCOUNT to a service account allowed to invoke the service}"
    if [[ -z "${SERVICE_URL:-}" ]]; then
      if [[ "${DRY_RUN:-0}" == "1" ]]; then
        SERVICE_URL="https://${SERVICE_NAME}.example.run.app"
      else
        SERVICE_URL="$(gcloud run services describe "${SERVICE_NAME}" --project="${PROJECT_ID}" \
          --region="${REGION}" --format='value(status.url)')"
      fi
    fi
    run gcloud run services add-iam-policy-binding "${SERVICE_NAME}" --project="${PROJECT_ID}" \
      --region="${REGION}" --member="serviceAccount:${SCHEDULER_SERVICE_ACCOUNT}" --role=roles/run.invoker >/dev/null
    ;;
  pubsub) ;;
  *) echo "error: TARGET must be http or pubsub, not ${TARGET}" >&2; exit 1 ;;
esac

IFS=';' read -r -a entries <<<"${SCHEDULES}"
for entry in "${entries[@]}"; do
  entry="${entry#"${entry%%[![:space:]]*}"}"   # trim leading blanks
  [[ -n "${entry}" ]] || continue
  export_name="${entry%%=*}"
  schedule="${entry#*=}"
  if [[ "${entry}" != *=* || -z "${schedule}" ]]; then
    echo "error: '${entry}' is not export_name=cron" >&2; exit 1
  fi
  # The name goes into a JSON body and a job id: allow only the characters export names use.
  if [[ ! "${export_name}" =~ ^[A-Za-z0-9_-]+$ ]]; then
    echo "error: export name '${export_name}' may contain only letters, digits, _ and -" >&2; exit 1
  fi
  job="${JOB_PREFIX}-${export_name//_/-}"
  # Pub/Sub: the message is POST /'s body. HTTP: the run API takes the export from the path.
  body="{\"export_name\":\"${export_name}\"}"
  common=(--project="${PROJECT_ID}" --location="${REGION}" --schedule="${schedule}"
    --time-zone="${TIME_ZONE}" --max-retry-attempts="${MAX_RETRY_ATTEMPTS}"
    --description="bq-sftp-export: ${export_name}")

  log "Scheduler job ${job}: '${schedule}' ${TIME_ZONE} -> ${TARGET}"
  if exists gcloud scheduler jobs describe "${job}" --project="${PROJECT_ID}" --location="${REGION}"; then
    verb=update
  else
    verb=create
  fi
  if [[ "${TARGET}" == "http" ]]; then
    if [[ "${verb}" == "create" ]]; then headers=(--headers="Content-Type=application/json"); else headers=(--update-headers="Content-Type=application/json"); fi
    run gcloud scheduler jobs "${verb}" http "${job}" "${common[@]}" \
      --uri="${SERVICE_URL}/exports/${export_name}/runs" --http-method=POST "${headers[@]}" --message-body='{}' \
      --oidc-service-account-email="${SCHEDULER_SERVICE_ACCOUNT}" --oidc-token-audience="${SERVICE_URL}" \
      --attempt-deadline="${ATTEMPT_DEADLINE}"
  else
    run gcloud scheduler jobs "${verb}" pubsub "${job}" "${common[@]}" \
      --topic="${TOPIC}" --message-body="${body}"
  fi
done
