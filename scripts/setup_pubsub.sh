#!/usr/bin/env bash
# Creates (or converges) the Pub/Sub trigger path: a topic, a dead-letter topic with its own
# subscription (so dead letters are kept), and the trigger subscription with ack deadline, retry
# and dead-letter policy. Safe to re-run: existing resources are described and updated, not recreated.
#
# Required: PROJECT_ID
# Optional: TOPIC (bq-sftp-export-triggers), DEAD_LETTER_TOPIC (${TOPIC}-dead-letter),
#   SUBSCRIPTION (${TOPIC}-sub), ACK_DEADLINE (600, the maximum), MAX_DELIVERY_ATTEMPTS (20),
#   MIN_RETRY_DELAY (60s), MAX_RETRY_DELAY (600s), RETENTION (7d),
#   With these defaults a message that keeps failing (SFTP down, or, in push mode, the export and
#   date held by another replica: 409) is retried with backoff for about 2.5 hours before it is
#   dead-lettered, longer than a long export holds its lock. In pull mode a conflict costs no
#   delivery attempt at all: the service keeps the message leased and asks again (see
#   docs/operations.md, "Pub/Sub subscription settings").
#   SUBSCRIPTION_MODE: push (default: Pub/Sub POSTs the envelope to the Cloud Run service) or pull
#   (replicas pull with the service's Pub/Sub trigger).
#   For push: REGION (us-central1), SERVICE_NAME (bq-sftp-export) or PUSH_ENDPOINT, and
#   PUSH_SERVICE_ACCOUNT (an account allowed to invoke the service; required).
#   DRY_RUN=1 prints the commands only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "${SCRIPT_DIR}/lib.sh"

PROJECT_ID="${PROJECT_ID:?set PROJECT_ID to the Google Cloud project id}"
TOPIC="${TOPIC:-bq-sftp-export-triggers}"
DEAD_LETTER_TOPIC="${DEAD_LETTER_TOPIC:-${TOPIC}-dead-letter}"
SUBSCRIPTION="${SUBSCRIPTION:-${TOPIC}-sub}"
ACK_DEADLINE="${ACK_DEADLINE:-600}"
MAX_DELIVERY_ATTEMPTS="${MAX_DELIVERY_ATTEMPTS:-20}"
MIN_RETRY_DELAY="${MIN_RETRY_DELAY:-60s}"
MAX_RETRY_DELAY="${MAX_RETRY_DELAY:-600s}"
RETENTION="${RETENTION:-7d}"
SUBSCRIPTION_MODE="${SUBSCRIPTION_MODE:-push}"
REGION="${REGION:-us-central1}"
SERVICE_NAME="${SERVICE_NAME:-bq-sftp-export}"

need gcloud

for topic in "${TOPIC}" "${DEAD_LETTER_TOPIC}"; do
  log "Topic ${topic}"
  if ! exists gcloud pubsub topics describe "${topic}" --project="${PROJECT_ID}"; then
    run gcloud pubsub topics create "${topic}" --project="${PROJECT_ID}"
  fi
done

# A topic without subscriptions drops messages: keep the dead letters somewhere readable.
log "Dead-letter subscription ${DEAD_LETTER_TOPIC}-sub"
if ! exists gcloud pubsub subscriptions describe "${DEAD_LETTER_TOPIC}-sub" --project="${PROJECT_ID}"; then
  run gcloud pubsub subscriptions create "${DEAD_LETTER_TOPIC}-sub" --project="${PROJECT_ID}" \
    --topic="${DEAD_LETTER_TOPIC}" --message-retention-duration="${RETENTION}"
fi

settings=(
  --project="${PROJECT_ID}"
  --ack-deadline="${ACK_DEADLINE}"
  --dead-letter-topic="${DEAD_LETTER_TOPIC}"
  --max-delivery-attempts="${MAX_DELIVERY_ATTEMPTS}"
  --min-retry-delay="${MIN_RETRY_DELAY}"
  --max-retry-delay="${MAX_RETRY_DELAY}"
  --message-retention-duration="${RETENTION}"
)
case "${SUBSCRIPTION_MODE}" in
  push)
    PUSH_SERVICE_ACCOUNT="${PUSH_SERVICE_ACCOUNT:?set PUSH_SERVICE_ACCOUNT to a service account allowed to invoke the service}"
    if [[ -z "${PUSH_ENDPOINT:-}" ]]; then
      if [[ "${DRY_RUN:-0}" == "1" ]]; then
        PUSH_ENDPOINT="https://${SERVICE_NAME}.example.run.app/"
      else
        PUSH_ENDPOINT="$(gcloud run services describe "${SERVICE_NAME}" --project="${PROJECT_ID}" \
          --region="${REGION}" --format='value(status.url)')/"
      fi
    fi
    run gcloud run services add-iam-policy-binding "${SERVICE_NAME}" --project="${PROJECT_ID}" \
      --region="${REGION}" --member="serviceAccount:${PUSH_SERVICE_ACCOUNT}" --role=roles/run.invoker >/dev/null
    settings+=(--push-endpoint="${PUSH_ENDPOINT}" --push-auth-service-account="${PUSH_SERVICE_ACCOUNT}")
    ;;
  pull) ;;
  *) echo "error: SUBSCRIPTION_MODE must be push or pull, not ${SUBSCRIPTION_MODE}" >&2; exit 1 ;;
esac

log "Subscription ${SUBSCRIPTION} (${SUBSCRIPTION_MODE})"
if exists gcloud pubsub subscriptions describe "${SUBSCRIPTION}" --project="${PROJECT_ID}"; then
  run gcloud pubsub subscriptions update "${SUBSCRIPTION}" "${settings[@]}"
else
  run gcloud pubsub subscriptions create "${SUBSCRIPTION}" --topic="${TOPIC}" "${settings[@]}"
fi

# Dead lettering is done by the Pub/Sub service agent: it must publish to the dead-letter topic
# and acknowledge on the source subscription.
if [[ "${DRY_RUN:-0}" == "1" ]]; then
  project_number="PROJECT_NUMBER"
else
  project_number="$(gcloud projects describe "${PROJECT_ID}" --format='value(projectNumber)')"
fi
agent="serviceAccount:service-${project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"
run gcloud pubsub topics add-iam-policy-binding "${DEAD_LETTER_TOPIC}" --project="${PROJECT_ID}" \
  --member="${agent}" --role=roles/pubsub.publisher >/dev/null
run gcloud pubsub subscriptions add-iam-policy-binding "${SUBSCRIPTION}" --project="${PROJECT_ID}" \
  --member="${agent}" --role=roles/pubsub.subscriber >/dev/null

log "Done. Trigger an export with:"
printf "  gcloud pubsub topics publish %s --project=%s --message='{\"export_name\":\"product_data\"}'\n" \
  "${TOPIC}" "${PROJECT_ID}" >&2
