#!/usr/bin/env bash
# Builds the image, pushes it to Artifact Registry and deploys the Cloud Run service.
# Safe to re-run: every resource is described before it is created; the deploy makes a new revision.
#
# Required: PROJECT_ID
# Optional: REGION (us-central1), SERVICE_NAME (bq-sftp-export), AR_REPOSITORY (bq-sftp-export),
#   IMAGE_TAG (git short SHA), IMAGE (full image reference; skips the build when SKIP_BUILD=1),
#   RUNTIME_SA_NAME (bq-sftp-export), CONFIG_SECRET (bq-sftp-export-config), CONFIG_FILE (a JSON
#   config to store as a new secret version when it changed), SFTP_PASSWORD_SECRET
#   (bq-sftp-export-sftp-password; skipped when it does not exist), GCS_BUCKET (staging bucket),
#   MEMORY (2Gi), CPU (2), TIMEOUT (3600), CONCURRENCY (2), MAX_INSTANCES (3), DEBUG (False),
#   PUBSUB_SUBSCRIPTION (projects/P/subscriptions/S: the service pulls its triggers from it; then
#   one instance is always kept, MIN_INSTANCES defaults to 1), MIN_INSTANCES (0, or 1 with
#   PUBSUB_SUBSCRIPTION), DRY_RUN=1 to print the commands only.
# CPU is always allocated (--no-cpu-throttling): runs started through the run API or Pub/Sub go on
# after the request that started them has been answered, which a throttled instance would starve.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "${SCRIPT_DIR}/lib.sh"

PROJECT_ID="${PROJECT_ID:?set PROJECT_ID to the Google Cloud project id}"
REGION="${REGION:-us-central1}"
SERVICE_NAME="${SERVICE_NAME:-bq-sftp-export}"
AR_REPOSITORY="${AR_REPOSITORY:-bq-sftp-export}"
IMAGE_TAG="${IMAGE_TAG:-$(git -C "${REPO_ROOT}" rev-parse --short HEAD 2>/dev/null || echo latest)}"
IMAGE="${IMAGE:-${REGION}-docker.pkg.dev/${PROJECT_ID}/${AR_REPOSITORY}/${SERVICE_NAME}:${IMAGE_TAG}}"
RUNTIME_SA_NAME="${RUNTIME_SA_NAME:-bq-sftp-export}"
RUNTIME_SA="${RUNTIME_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com"
CONFIG_SECRET="${CONFIG_SECRET:-bq-sftp-export-config}"
CONFIG_FILE="${CONFIG_FILE:-}"
SFTP_PASSWORD_SECRET="${SFTP_PASSWORD_SECRET:-bq-sftp-export-sftp-password}"
GCS_BUCKET="${GCS_BUCKET:-}"
MEMORY="${MEMORY:-2Gi}"
CPU="${CPU:-2}"
TIMEOUT="${TIMEOUT:-3600}"
CONCURRENCY="${CONCURRENCY:-2}"
MAX_INSTANCES="${MAX_INSTANCES:-3}"
DEBUG="${DEBUG:-False}"
PUBSUB_SUBSCRIPTION="${PUBSUB_SUBSCRIPTION:-}"
if [[ -n "${PUBSUB_SUBSCRIPTION}" ]]; then
  # A pull subscriber only receives while an instance runs: keep one.
  MIN_INSTANCES="${MIN_INSTANCES:-1}"
else
  MIN_INSTANCES="${MIN_INSTANCES:-0}"
fi

need gcloud

log "Enabling APIs"
run gcloud services enable run.googleapis.com artifactregistry.googleapis.com \
  secretmanager.googleapis.com bigquerystorage.googleapis.com --project="${PROJECT_ID}"

log "Artifact Registry repository ${AR_REPOSITORY}"
if ! exists gcloud artifacts repositories describe "${AR_REPOSITORY}" --location="${REGION}" --project="${PROJECT_ID}"; then
  run gcloud artifacts repositories create "${AR_REPOSITORY}" --repository-format=docker \
    --location="${REGION}" --project="${PROJECT_ID}" --description="bq-sftp-export images"
fi

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  need docker
  log "Building and pushing ${IMAGE}"
  run gcloud auth configure-docker "${REGION}-docker.pkg.dev" --quiet
  run docker build -f "${REPO_ROOT}/docker/Dockerfile" -t "${IMAGE}" "${REPO_ROOT}"
  run docker push "${IMAGE}"
fi

log "Runtime service account ${RUNTIME_SA}"
if ! exists gcloud iam service-accounts describe "${RUNTIME_SA}" --project="${PROJECT_ID}"; then
  run gcloud iam service-accounts create "${RUNTIME_SA_NAME}" --project="${PROJECT_ID}" \
    --display-name="bq-sftp-export runtime"
fi
# Read sessions and table data; dataEditor for the export metadata table (narrow it to the dataset
# if the project holds more than this service's data).
for role in roles/bigquery.readSessionUser roles/bigquery.dataViewer roles/bigquery.dataEditor roles/bigquery.jobUser; do
  run gcloud projects add-iam-policy-binding "${PROJECT_ID}" --member="serviceAccount:${RUNTIME_SA}" \
    --role="${role}" --condition=None --quiet >/dev/null
done
if [[ -n "${GCS_BUCKET}" ]]; then
  run gcloud storage buckets add-iam-policy-binding "gs://${GCS_BUCKET}" \
    --member="serviceAccount:${RUNTIME_SA}" --role=roles/storage.objectAdmin >/dev/null
fi

log "Config secret ${CONFIG_SECRET}"
if ! exists gcloud secrets describe "${CONFIG_SECRET}" --project="${PROJECT_ID}"; then
  [[ -n "${CONFIG_FILE}" ]] || { echo "error: secret ${CONFIG_SECRET} does not exist; set CONFIG_FILE to create it" >&2; exit 1; }
  run gcloud secrets create "${CONFIG_SECRET}" --project="${PROJECT_ID}" --replication-policy=automatic \
    --data-file="${CONFIG_FILE}"
elif [[ -n "${CONFIG_FILE}" ]]; then
  # A new version only when the content changed, so re-runs do not pile up identical versions.
  if ! gcloud secrets versions access latest --secret="${CONFIG_SECRET}" --project="${PROJECT_ID}" 2>/dev/null \
      | cmp -s - "${CONFIG_FILE}"; then
    run gcloud secrets versions add "${CONFIG_SECRET}" --project="${PROJECT_ID}" --data-file="${CONFIG_FILE}"
  fi
fi
secrets="/app/conf/config.json=${CONFIG_SECRET}:latest"
run gcloud secrets add-iam-policy-binding "${CONFIG_SECRET}" --project="${PROJECT_ID}" \
  --member="serviceAccount:${RUNTIME_SA}" --role=roles/secretmanager.secretAccessor >/dev/null
if exists gcloud secrets describe "${SFTP_PASSWORD_SECRET}" --project="${PROJECT_ID}"; then
  secrets="${secrets},SFTP_PASSWORD=${SFTP_PASSWORD_SECRET}:latest"
  run gcloud secrets add-iam-policy-binding "${SFTP_PASSWORD_SECRET}" --project="${PROJECT_ID}" \
    --member="serviceAccount:${RUNTIME_SA}" --role=roles/secretmanager.secretAccessor >/dev/null
fi

log "Deploying ${SERVICE_NAME}"
env_vars="CONFIG_PATH=/app/conf/config.json,LOG_FORMAT=json,DEBUG=${DEBUG}"
if [[ -n "${PUBSUB_SUBSCRIPTION}" ]]; then
  env_vars="${env_vars},PUBSUB_SUBSCRIPTION=${PUBSUB_SUBSCRIPTION}"
  run gcloud pubsub subscriptions add-iam-policy-binding "${PUBSUB_SUBSCRIPTION}" --project="${PROJECT_ID}" \
    --member="serviceAccount:${RUNTIME_SA}" --role=roles/pubsub.subscriber >/dev/null
fi
# POST / still runs the export inside the request (the timeout must cover the longest export for
# it); the run API, Pub/Sub and `run` do not hold a request. CPU stays allocated between requests.
run gcloud run deploy "${SERVICE_NAME}" \
  --project="${PROJECT_ID}" --region="${REGION}" --image="${IMAGE}" \
  --service-account="${RUNTIME_SA}" --no-allow-unauthenticated \
  --port=8080 --memory="${MEMORY}" --cpu="${CPU}" --timeout="${TIMEOUT}" \
  --concurrency="${CONCURRENCY}" --max-instances="${MAX_INSTANCES}" --min-instances="${MIN_INSTANCES}" \
  --no-cpu-throttling --execution-environment=gen2 --cpu-boost \
  --set-secrets="${secrets}" \
  --set-env-vars="${env_vars}"

if [[ "${DRY_RUN:-0}" != "1" ]]; then
  url="$(gcloud run services describe "${SERVICE_NAME}" --project="${PROJECT_ID}" --region="${REGION}" --format='value(status.url)')"
  log "Service URL: ${url}"
fi
