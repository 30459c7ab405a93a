#!/usr/bin/env bash
# Fault-matrix fixtures next to the tier-2 sshd of start-sshd.sh (run that first, as root):
#  - a second sshd on 127.0.0.1:2223, same user, keys and chroot, whose sftp subsystem refuses
#    SETSTAT and FSETSTAT (as some partner servers do);
#  - a small tmpfs on the chroot's upload/faults-full, owned by the sftp user, to fill up.
# Idempotent. Prints the path of an env file to source: SFTP_IT_NOSETSTAT_PORT,
# SFTP_IT_NOSETSTAT_KNOWN_HOSTS, SFTP_IT_CHROOT, SFTP_IT_SSHD_PID_FILE, SFTP_IT_FULL_DIRECTORY.
set -euo pipefail

BASE=${SFTP_IT_BASE:-/srv/bq-sftp-it}
PORT=${SFTP_IT_NOSETSTAT_PORT:-2223}
USER_NAME=sftpuser
STATE="$BASE/state"
CHROOT="$BASE/chroot"
CONFIG="$STATE/sshd_nosetstat_config"
PID_FILE="$STATE/sshd-nosetstat.pid"
LOG_FILE="$STATE/sshd-nosetstat.log"
KNOWN_HOSTS="$STATE/known_hosts_nosetstat"
FULL_DIR="$CHROOT/upload/faults-full"
FULL_SIZE=${SFTP_IT_FULL_SIZE:-8m}
ENV_FILE="$STATE/env-variants.sh"

log() { echo "start-sshd-variants: $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  log "must run as root"; exit 1
fi
if [[ ! -s "$STATE/ssh_host_ed25519_key" ]] || ! id "$USER_NAME" >/dev/null 2>&1; then
  log "run .ci/start-sshd.sh first"; exit 1
fi

HOST_KEY_PUB=$(cut -d' ' -f1,2 "$STATE/ssh_host_ed25519_key.pub")
echo "[127.0.0.1]:$PORT $HOST_KEY_PUB" > "$KNOWN_HOSTS"

REFUSED=setstat,fsetstat
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
AllowUsers $USER_NAME
PermitEmptyPasswords no
Subsystem sftp internal-sftp -P $REFUSED
Match User $USER_NAME
  ChrootDirectory $CHROOT
  ForceCommand internal-sftp -P $REFUSED
  AllowTcpForwarding no
  X11Forwarding no
CFG

# shellcheck source=.ci/sshd-lib.sh
source "$(dirname "$0")/sshd-lib.sh"
sshd_up "$CONFIG" "$PID_FILE" "$LOG_FILE" "$PORT"

# The disk that fills up: tests put a filler file in it to leave as much room as they want.
full_dir_env=""
install -d -o "$USER_NAME" -g "$USER_NAME" -m 755 "$FULL_DIR"
if mountpoint -q "$FULL_DIR"; then
  mount -o "remount,size=$FULL_SIZE" "$FULL_DIR" || true
  full_dir_env=/upload/faults-full
elif mount -t tmpfs -o "size=$FULL_SIZE,mode=755,uid=$(id -u "$USER_NAME"),gid=$(id -g "$USER_NAME")" \
    bq-sftp-it-full "$FULL_DIR"; then
  full_dir_env=/upload/faults-full
else
  log "could not mount a tmpfs on $FULL_DIR; the disk-full case will skip"
fi

cat > "$ENV_FILE" <<ENV
export SFTP_IT_NOSETSTAT_PORT=$PORT
export SFTP_IT_NOSETSTAT_KNOWN_HOSTS=$KNOWN_HOSTS
export SFTP_IT_CHROOT=$CHROOT
export SFTP_IT_SSHD_PID_FILE=$STATE/sshd.pid
export SFTP_IT_FULL_DIRECTORY=$full_dir_env
ENV
chmod 600 "$ENV_FILE"
log "sshd without setstat up on 127.0.0.1:$PORT (pid $(cat "$PID_FILE")); source the file below"
echo "$ENV_FILE"
