#!/usr/bin/env bash
# Docker HEALTHCHECK: GET /health on the app's port using bash alone. The JRE base image does not
# promise curl or wget, and starting a second JVM every 30 s would cost more than the app's own
# heartbeat. Exit 0 on an HTTP 200, 1 otherwise.
# (Cloud Run and Kubernetes ignore HEALTHCHECK; they use their own probes on /health/*.)
set -euo pipefail

port="${PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
status_line=""
IFS= read -r -t 5 status_line <&3 || true
exec 3<&- 3>&-

case "${status_line}" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "unhealthy: ${status_line:-no answer}" >&2; exit 1 ;;
esac
