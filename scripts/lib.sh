#!/usr/bin/env bash
# Shared helpers for the setup_*.sh scripts. Sourced, not run.

# Prints and runs a command; with DRY_RUN=1 only prints it.
run() {
  printf '+ %s\n' "$*" >&2
  if [[ "${DRY_RUN:-0}" != "1" ]]; then
    "$@"
  fi
}

# True when a describe-style command succeeds (the resource exists). Never prints.
exists() {
  "$@" >/dev/null 2>&1
}

# Fails unless the named command is on PATH.
need() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required but not installed" >&2; exit 1; }
}

log() {
  printf '==> %s\n' "$*" >&2
}
