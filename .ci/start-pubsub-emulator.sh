#!/usr/bin/env bash
# Sourced by .ci/run: starts the Pub/Sub emulator on 127.0.0.1 when the machine has it (Debian
# package google-cloud-cli-pubsub-emulator; it cannot be installed where it is missing) and exports
# PUBSUB_EMULATOR_HOST and PUBSUB_PID. Never fails the sourcing script: without the emulator it
# prints a note and the emulator tests skip.
# Usage: source .ci/start-pubsub-emulator.sh   (PUBSUB_EMULATOR_PORT overrides the port, default 8085)

_pubsub_start() {
  local launcher port data log
  launcher=$(dpkg -L google-cloud-cli-pubsub-emulator 2>/dev/null | grep 'bin/cloud-pubsub-emulator$' | head -n 1 || true)
  if [ -z "$launcher" ] || [ ! -x "$launcher" ]; then
    echo "pubsub emulator: not installed (google-cloud-cli-pubsub-emulator); its tests will skip"
    return 0
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "pubsub emulator: no java on PATH; its tests will skip"
    return 0
  fi
  port=${PUBSUB_EMULATOR_PORT:-8085}
  data=$(mktemp -d -t pubsub-emulator.XXXXXX) || return 0
  log="$data/emulator.log"
  "$launcher" --host=127.0.0.1 --port="$port" --dir="$data" >"$log" 2>&1 &
  PUBSUB_PID=$!
  # Ready when the port answers; the emulator usually needs about two seconds.
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export PUBSUB_EMULATOR_HOST="127.0.0.1:$port"
      export PUBSUB_PID
      echo "pubsub emulator: listening on $PUBSUB_EMULATOR_HOST (pid $PUBSUB_PID, log $log)"
      return 0
    fi
    if ! kill -0 "$PUBSUB_PID" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  echo "pubsub emulator: did not start (see $log); its tests will skip"
  kill "$PUBSUB_PID" 2>/dev/null || true
  unset PUBSUB_PID
  return 0
}

_pubsub_start || true
unset -f _pubsub_start
