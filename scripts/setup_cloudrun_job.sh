#!/usr/bin/env bash
# A Cloud Run Job that runs one export in the service image (`run --export NAME`: exit 0 only when
# every file landed, so a failed run is a failed execution and MAX_RETRIES retries it), and
# optionally the Cloud Scheduler job that starts it. No service and no request stays open: a job
# task may run for hours (TASK_TIMEOUT). Safe to re-run: existing jobs are updated.
# Run scripts/setup_cloudrun.sh first: it builds the image and creates the runtime service account
# and the config secret this job uses.
#
# Required: PROJECT_ID, EXPORT_NAME
# Optional: REGION (us-central1), SERVICE_NAME (bq-sftp-export), AR_REPOSITORY (bq-sftp-export),
#   IMAGE (default: the image setup_cloudrun.sh pushes for the current commit), JOB_NAME
#   (bq-sftp-export-<export, _ as ->), RUNTIME_SA_NAME (bq-sftp-export), CONFIG_SECRET
#   (bq-sftp-export-config), SFTP_PASSWORD_SECRET (bq-sftp-export-sftp-password; skipped when it does
#   not exist), MEMORY (2Gi), CPU (2), TASK_TIMEOUT (21600s), MAX_RETRIES (1), DEBUG (False),
#   SCHEDULE (a cron expression: creates or updates a Scheduler job that executes the Cloud Run Job),
#   TIME_ZONE (Etc/UTC), SCHEDULER_SERVICE_ACCOUNT (required with SCHEDULE; granted run.invoker on
#   the job), DRY_RUN=1 to print the commands only.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "${SCRIPT_DIR}/lib.sh"

PROJECT_ID="${PROJECT_ID:?set PROJECT_ID to the Google Cloud project id}"
EXPORT_NAME="${EXPORT_NAME:?set EXPORT_NAME to the export the job runs}"
REGION="${REGION:-us-central1}"
SERVICE_NAME="${SERVICE_NAME:-bq-sftp-export}"
AR_REPOSITORY="${AR_REPOSITORY:-bq-sftp-export}"
IMAGE_TAG="${IMAGE_TAG:-$(git -C "${REPO_ROOT}" rev-parse --short HEAD 2>/dev/null || echo latest)}"
IMAGE="${IMAGE:-${REGION}-docker.pkg.dev/${PROJECT_ID}/${AR_REPOSITORY}/${SERVICE_NAME}:${IMAGE_TAG}}"
RUNTIME_SA_NAME="${RUNTIME_SA_NAME:-bq-sftp-export}"
RUNTIME_SA="${RUNTIME_SA_NAME}@${PROJECT_ID}.iam.gserviceaccount.com"
CONFIG_SECRET="${CONFIG_SECRET:-bq-sftp-export-config}"
SFTP_PASSWORD_SECRET="${SFTP_PASSWORD_SECRET:-bq-sftp-export-sftp-password}"
MEMORY="${MEMORY:-2Gi}"
CPU="${CPU:-2}"
TASK_TIMEOUT="${TASK_TIMEOUT:-21600s}"
MAX_RETRIES="${MAX_RETRIES:-1}"
DEBUG="${DEBUG:-False}"
SCHEDULE="${SCHEDULE:-}"
TIME_ZONE="${TIME_ZONE:-Etc/UTC}"

need gcloud

# The name goes into the job's arguments and a job id: allow only the characters export names use.
if [[ ! "${EXPORT_NAME}" =~ ^[A-Za-z0-9_-]+$ ]]; then
  echo "error: EXPORT_NAME '${EXPORT_NAME}' may contain only letters, digits, _ and -" >&2; exit 1
fi
JOB_NAME="${JOB_NAME:-${SERVICE_NAME}-${EXPORT_NAME//_/-}}"

secrets="/app/conf/config.json=${CONFIG_SECRET}:latest"
if exists gcloud secrets describe "${SFTP_PASSWORD_SECRET}" --project="${PROJECT_ID}"; then
  secrets="${secrets},SFTP_PASSWORD=${SFTP_PASSWORD_SECRET}:latest"
fi

log "Cloud Run Job ${JOB_NAME}: run --export ${EXPORT_NAME}"
if exists gcloud run jobs describe "${JOB_NAME}" --project="${PROJECT_ID}" --region="${REGION}"; then
  verb=update
else
  verb=create
fi
run gcloud run jobs "${verb}" "${JOB_NAME}" \
  --project="${PROJECT_ID}" --region="${REGION}" --image="${IMAGE}" \
  --args="run,--export,${EXPORT_NAME}" \
  --tasks=1 --max-retries="${MAX_RETRIES}" --task-timeout="${TASK_TIMEOUT}" \
  --service-account="${RUNTIME_SA}" --memory="${MEMORY}" --cpu="${CPU}" \
  --set-secrets="${secrets}" \
  --set-env-vars="CONFIG_PATH=/app/conf/config.json,LOG_FORMAT=json,DEBUG=${DEBUG}"

if [[ -n "${SCHEDULE}" ]]; then
  SCHEDULER_SERVICE_ACCOUNT="${SCHEDULER_SERVICE_ACCOUNT:?set SCHEDULER_SERVICE_ACCOUNT to a service account that may run the job}"
  run gcloud run jobs add-iam-policy-binding "${JOB_NAME}" --project="${PROJECT_ID}" --region="${REGION}" \
    --member="serviceAccount:${SCHEDULER_SERVICE_ACCOUNT}" --role=roles/run.invoker >/dev/null
  scheduler_job="${JOB_NAME}-schedule"
  log "Scheduler job ${scheduler_job}: '${SCHEDULE}' ${TIME_ZONE} -> executes ${JOB_NAME}"
  if exists gcloud scheduler jobs describe "${scheduler_job}" --project="${PROJECT_ID}" --location="${REGION}"; then
    verb=update
  else
    verb=create
  fi
  # The Cloud Run Admin API's jobs.run answers once the execution started: the request is short.
  run gcloud scheduler jobs "${verb}" http "${scheduler_job}" \
    --project="${PROJECT_ID}" --location="${REGION}" --schedule="${SCHEDULE}" --time-zone="${TIME_ZONE}" \
    --uri="https://run.googleapis.com/v2/projects/${PROJECT_ID}/locations/${REGION}/jobs/${JOB_NAME}:run" \
    --http-method=POST --oauth-service-account-email="${SCHEDULER_SERVICE_ACCOUNT}" \
    --description="bq-sftp-export: ${EXPORT_NAME} (Cloud Run Job)"
fi
