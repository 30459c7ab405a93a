#!/usr/bin/env bash
# Stops the tier-2 sshd started by start-sshd.sh (by the pid in its PidFile).
set -euo pipefail

STATE="${SFTP_IT_BASE:-/srv/bq-sftp-it}/state"
PID_FILE="$STATE/sshd.pid"

log() { echo "stop-sshd: $*" >&2; }
# shellcheck source=.ci/sshd-lib.sh
source "$(dirname "$0")/sshd-lib.sh"
sshd_down "$PID_FILE"
