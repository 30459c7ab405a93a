#!/usr/bin/env bash
# Undoes start-sshd-variants.sh: stops the second sshd (by its PidFile), unmounts the tmpfs and
# removes the env file (so that a stale one cannot point tests at a server that is gone).
set -euo pipefail

BASE=${SFTP_IT_BASE:-/srv/bq-sftp-it}
PID_FILE="$BASE/state/sshd-nosetstat.pid"
FULL_DIR="$BASE/chroot/upload/faults-full"
ENV_FILE="$BASE/state/env-variants.sh"

log() { echo "stop-sshd-variants: $*" >&2; }
# shellcheck source=.ci/sshd-lib.sh
source "$(dirname "$0")/sshd-lib.sh"
sshd_down "$PID_FILE"
if mountpoint -q "$FULL_DIR"; then
  umount "$FULL_DIR" && echo "stop-sshd-variants: unmounted $FULL_DIR" >&2
fi
rm -f "$ENV_FILE"
