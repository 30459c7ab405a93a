# shellcheck shell=bash
# Sourced by the .ci sshd scripts: start (or reload) one sshd and wait for its banner; stop one by
# its PidFile. Callers set -euo pipefail and define log().

# True when an SSH server greets on 127.0.0.1:$1 (an SSH server speaks first: read its banner).
sshd_port_answers() {
  local banner
  banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && head -c 4 <&3" 2>/dev/null) || return 1
  [[ "$banner" == "SSH-" ]]
}

# sshd_up CONFIG PID_FILE LOG_FILE PORT: starts sshd with CONFIG, or reloads the running one (sshd
# re-executes itself on HUP, keeping its pid, so a changed config takes effect); fails with the log
# when it does not answer.
sshd_up() {
  local config=$1 pid_file=$2 log_file=$3 port=$4 running_pid
  mkdir -p /run/sshd   # privilege separation directory
  /usr/sbin/sshd -t -f "$config"
  running_pid=$(cat "$pid_file" 2>/dev/null || true)
  if [[ -n "$running_pid" ]] && kill -0 "$running_pid" 2>/dev/null; then
    kill -HUP "$running_pid"
    log "sshd already running (pid $running_pid), reloaded"
  else
    if sshd_port_answers "$port"; then
      log "port $port is taken by another process"; return 1
    fi
    /usr/sbin/sshd -f "$config" -E "$log_file"
  fi
  for _ in $(seq 1 50); do
    if [[ -s "$pid_file" ]] && sshd_port_answers "$port"; then break; fi
    sleep 0.2
  done
  if ! sshd_port_answers "$port"; then
    log "sshd did not come up on 127.0.0.1:$port; log follows"; cat "$log_file" >&2 || true; return 1
  fi
}

# sshd_down PID_FILE: stops the sshd of PID_FILE (waiting up to 5 s) and removes the file.
sshd_down() {
  local pid_file=$1 pid
  if [[ ! -s "$pid_file" ]]; then
    log "no pid file, nothing to stop"; return 0
  fi
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    log "stopped sshd (pid $pid)"
  fi
  rm -f "$pid_file"
}
