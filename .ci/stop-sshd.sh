#!/usr/bin/env bash
# Stops the tier-2 sshd started by start-sshd.sh (by the pid in its PidFile).
set -euo pipefail

STATE="${SFTP_IT_BASE:-/srv/bq-sftp-it}/state"
PID_FILE="$STATE/sshd.pid"

if [[ -s "$PID_FILE" ]]; then
  pid=$(cat "$PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "stop-sshd: stopped sshd (pid $pid)" >&2
  fi
  rm -f "$PID_FILE"
else
  echo "stop-sshd: no pid file, nothing to stop" >&2
fi
