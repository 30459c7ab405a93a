#!/usr/bin/env bash
# Undoes start-sshd-variants.sh: stops the second sshd (by its PidFile), unmounts the tmpfs and
# removes the env file (so that a stale one cannot point tests at a server that is gone).
set -euo pipefail

BASE=${SFTP_IT_BASE:-/srv/bq-sftp-it}
PID_FILE="$BASE/state/sshd-nosetstat.pid"
FULL_DIR="$BASE/chroot/upload/faults-full"
ENV_FILE="$BASE/state/env-variants.sh"

if [[ -s "$PID_FILE" ]]; then
  pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "stop-sshd-variants: stopped sshd (pid $pid)" >&2
  fi
  rm -f "$PID_FILE"
fi
if mountpoint -q "$FULL_DIR"; then
  umount "$FULL_DIR" && echo "stop-sshd-variants: unmounted $FULL_DIR" >&2
fi
rm -f "$ENV_FILE"
