#!/usr/bin/env bash
# Starts a real OpenSSH sshd on 127.0.0.1:2222 for the SFTP tier-2 tests (run as root, no
# systemd needed). Idempotent: a second run reuses the user, keys and a running server.
# Prints the path of an env file to source: SFTP_IT_HOST, SFTP_IT_PORT, SFTP_IT_USER,
# SFTP_IT_PASSWORD, SFTP_IT_KEY_FILE, SFTP_IT_KNOWN_HOSTS, SFTP_IT_FINGERPRINT, SFTP_IT_DIRECTORY.
set -euo pipefail

BASE=${SFTP_IT_BASE:-/srv/bq-sftp-it}
PORT=${SFTP_IT_PORT:-2222}
USER_NAME=sftpuser
# A second, shell-capable user for the bench command's OpenSSH baseline (pigz | ssh 'cat > f').
BENCH_USER=benchuser
STATE="$BASE/state"
CHROOT="$BASE/chroot"
CONFIG="$STATE/sshd_config"
PID_FILE="$STATE/sshd.pid"
LOG_FILE="$STATE/sshd.log"
ENV_FILE="$STATE/env.sh"

log() { echo "start-sshd: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root"; exit 1
fi

if [[ ! -x /usr/sbin/sshd ]]; then
  log "installing openssh-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq openssh-server >&2
fi

# The user: password login and key login, no shell (ForceCommand internal-sftp).
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --no-create-home --home-dir /upload --shell /usr/sbin/nologin "$USER_NAME"
fi
if ! id "$BENCH_USER" >/dev/null 2>&1; then
  useradd --create-home --home-dir "$BASE/bench-home" --shell /bin/sh "$BENCH_USER"
  passwd -d "$BENCH_USER" >/dev/null   # unlocked for key login; password logins stay refused
fi
mkdir -p "$STATE"
chmod 700 "$STATE"
if [[ ! -s "$STATE/password" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$STATE/password")
fi
PASSWORD=$(cat "$STATE/password")
echo "$USER_NAME:$PASSWORD" | chpasswd

# Chroot: every component root-owned and not group/world-writable; upload/ belongs to the user.
install -d -o root -g root -m 755 "$BASE" "$CHROOT"
install -d -o "$USER_NAME" -g "$USER_NAME" -m 755 "$CHROOT/upload"

# Host key and client key pair (temporary, kept in the state dir so reruns agree).
[[ -s "$STATE/ssh_host_ed25519_key" ]] || \
  ssh-keygen -q -t ed25519 -N '' -C "bq-sftp-it host" -f "$STATE/ssh_host_ed25519_key"
[[ -s "$STATE/client_ed25519" ]] || \
  ssh-keygen -q -t ed25519 -N '' -C "bq-sftp-it client" -f "$STATE/client_ed25519"
# sshd reads authorized keys with the user's rights: keep them outside the private state dir.
install -d -o root -g root -m 755 "$BASE/authorized_keys"
install -o root -g root -m 644 "$STATE/client_ed25519.pub" "$BASE/authorized_keys/$USER_NAME"
install -o root -g root -m 644 "$STATE/client_ed25519.pub" "$BASE/authorized_keys/$BENCH_USER"

HOST_KEY_PUB=$(cut -d' ' -f1,2 "$STATE/ssh_host_ed25519_key.pub")
echo "[127.0.0.1]:$PORT $HOST_KEY_PUB" > "$STATE/known_hosts"
FINGERPRINT=$(ssh-keygen -lf "$STATE/ssh_host_ed25519_key.pub" | awk '{print $2}')

cat > "$CONFIG" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $STATE/ssh_host_ed25519_key
PidFile $PID_FILE
UsePAM no
StrictModes no
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
AuthorizedKeysFile $BASE/authorized_keys/%u
AllowUsers $USER_NAME $BENCH_USER
PermitEmptyPasswords no
Subsystem sftp internal-sftp
Match User $USER_NAME
  ChrootDirectory $CHROOT
  ForceCommand internal-sftp
  AllowTcpForwarding no
  X11Forwarding no
CFG

# shellcheck source=.ci/sshd-lib.sh
source "$(dirname "$0")/sshd-lib.sh"
sshd_up "$CONFIG" "$PID_FILE" "$LOG_FILE" "$PORT"

cat > "$ENV_FILE" <<ENV
export SFTP_IT_HOST=127.0.0.1
export SFTP_IT_PORT=$PORT
export SFTP_IT_USER=$USER_NAME
export SFTP_IT_PASSWORD='$PASSWORD'
export SFTP_IT_KEY_FILE=$STATE/client_ed25519
export SFTP_IT_KNOWN_HOSTS=$STATE/known_hosts
export SFTP_IT_FINGERPRINT=$FINGERPRINT
export SFTP_IT_DIRECTORY=/upload
export SFTP_IT_BENCH_USER=$BENCH_USER
ENV
chmod 600 "$ENV_FILE"
log "sshd up on 127.0.0.1:$PORT (pid $(cat "$PID_FILE")); source the file below"
echo "$ENV_FILE"
