#!/usr/bin/env bash
# Issue 11's table in one command: client CPU-seconds of a running `serve` (exports 2-4), of a
# whole `run` process, and of `pigz -p2 -N | ssh cat` on the very CSV the export wrote, for the
# 1,000,000-row order table and the 300,000-row all-types table, at gzip levels 1 and 6.
#
# The JVM runs with the image's flags (read from docker/Dockerfile's ENTRYPOINT) and an AppCDS
# archive made for the jar here. Two local BigQuery servers (their work is BigQuery's) and the
# OpenSSH test server (its work is the partner's) are charged to neither side.
#
# Needs: the OpenSSH test server (`.ci/start-sshd.sh`, then source the env file it prints), pigz,
# curl. Usage: scripts/bench_ratios.sh [JAR] [WORK_DIR]   (the jar of `mvn package`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need pigz
need curl
[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is required (Debian package time)" >&2; exit 1; }
: "${SFTP_IT_KEY_FILE:?source the env file .ci/start-sshd.sh prints}"
JAR=${1:-target/bq-sftp-export.jar}
WORK=${2:-/tmp/bq-sftp-ratios}
PORT=${RATIO_PORT:-18193}
mkdir -p "$WORK"
cmp -s "$JAR" "$WORK/app.jar" || cp -p "$JAR" "$WORK/app.jar"
KEY_OPTS=(-i "$SFTP_IT_KEY_FILE" -o "UserKnownHostsFile=$SFTP_IT_KNOWN_HOSTS" -o BatchMode=yes)

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true' EXIT

# The image's JVM flags, with an AppCDS archive made here. An archive only matches the jar file it
# was made from (the JVM silently runs without it otherwise), so it is checked, and made again.
mapfile -t FLAGS < <(sed -n '/^ENTRYPOINT/,/io.bqsftp.Main/p' docker/Dockerfile | grep -o '"-XX:[^"]*"' | tr -d '"' \
  | sed "s#/app/app.jsa#$WORK/app.jsa#")
maps() { java "${FLAGS[@]}" -Xshare:on -jar "$WORK/app.jar" --version >/dev/null 2>&1; }
if ! maps; then
  rm -f "$WORK/app.jsa"
  java -XX:ArchiveClassesAtExit="$WORK/app.jsa" -jar "$WORK/app.jar" demo --rows 20000 \
    --out "$WORK/cds-demo" --state "$WORK/cds-state" >/dev/null 2>&1
  maps || { echo "error: the AppCDS archive does not map" >&2; exit 1; }
fi

[[ -f "$WORK/orders/rows.jsonl" ]] || java -cp "$WORK/app.jar" io.bqsftp.cli.BenchOrderTable "$WORK/orders" 1000000 >/dev/null
java -jar "$WORK/app.jar" local-bigquery --port 19072 \
  --table "big-project.shop.orders=$WORK/orders/schema.json,$WORK/orders/rows.jsonl" >"$WORK/lbq-orders.log" 2>&1 &
PIDS+=($!)
java -jar "$WORK/app.jar" local-bigquery --port 19073 --demo-rows 300000 >"$WORK/lbq-all.log" 2>&1 &
PIDS+=($!)
for p in 19072 19073; do
  for _ in $(seq 1 240); do (echo >/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.5; done
done

# config TABLE LEVEL -> path of a config with one full export "t" of that table at that level
config() {
  local endpoint=19072 table=big-project.shop.orders
  [[ $1 == all ]] && endpoint=19073 table=demo-project.demo_dataset.all_types
  cat >"$WORK/$1-$2.json" <<EOF
{"sftp": {"host": "$SFTP_IT_HOST", "port": $SFTP_IT_PORT, "username": "$SFTP_IT_USER",
          "private_key_file": "$SFTP_IT_KEY_FILE", "known_hosts_file": "$SFTP_IT_KNOWN_HOSTS",
          "directory": "$SFTP_IT_DIRECTORY/ratios-$1"},
 "bigquery": {"endpoint": "127.0.0.1:$endpoint"},
 "ledger_file": "$WORK/$1-ledger.jsonl", "staging_directory": "$WORK/$1-staging",
 "exports": {"t": {"source_table": "$table", "export_type": "full", "compression_level": $2}}}
EOF
  echo "$WORK/$1-$2.json"
}

cpu_of() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }

# warm TABLE LEVEL: one serve, four exports (different dates); prints the CPU of exports 2-4
warm() {
  local cfg out=()
  cfg=$(config "$1" "$2")
  PORT=$PORT java "${FLAGS[@]}" -jar "$WORK/app.jar" serve --config "$cfg" >"$WORK/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$PORT/health/ready" >/dev/null && break; sleep 0.5; done
  for d in 01 02 03 04; do
    local c0 c1
    c0=$(cpu_of $pid)
    curl -sSf -X POST -H 'Content-Type: application/json' -d "{\"date\":\"2026-10-$d\"}" \
      "localhost:$PORT/exports/t/runs?wait=true" >/dev/null
    c1=$(cpu_of $pid)
    [[ $d == 01 ]] || out+=("$(seconds "$c0" "$c1")")
  done
  kill $pid
  wait $pid 2>/dev/null || true
  echo "${out[*]}"
}

# csv TABLE: the CSV of the newest export of TABLE, fetched and unzipped (the baselines' input)
csv() {
  local remote="$SFTP_IT_DIRECTORY/ratios-$1/t_20261004-000000000000.csv.gz"
  sftp -q -P "$SFTP_IT_PORT" "${KEY_OPTS[@]}" "$SFTP_IT_USER@$SFTP_IT_HOST:$remote" "$WORK/$1.csv.gz" >/dev/null
  gunzip -f "$WORK/$1.csv.gz"
}

# cpu COMMAND...: user+system seconds of the command and its children
cpu() {
  /usr/bin/time -o "$WORK/time.txt" -f '%U %S' "$@" >"$WORK/out.txt" 2>&1
  awk '{printf "%.2f", $1 + $2}' "$WORK/time.txt"
}
# cold TABLE DATE: CPU of one whole `run` process at level 1, which must have exported the table
cold() {
  cpu java "${FLAGS[@]}" -jar "$WORK/app.jar" run --export t --date "$2" --config "$(config "$1" 1)"
  grep -q '"status" : "succeeded"' "$WORK/out.txt" || { echo "run failed: $(tail -3 "$WORK/out.txt")" >&2; exit 1; }
}
pigz_ssh() {
  cpu sh -c "pigz -p2 -$2 < '$WORK/$1.csv' | ssh -p $SFTP_IT_PORT ${KEY_OPTS[*]} $SFTP_IT_BENCH_USER@$SFTP_IT_HOST 'cat > ratios-baseline.csv.gz'"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg); flags: ${FLAGS[*]}"
printf '| table | contender | cpu-s | median | vs pigz -p2 -6 | vs pigz -p2 -1 |\n|---|---|---|---|---|---|\n'
for table in orders all; do
  read -ra w1 <<<"$(warm $table 1)"
  csv $table
  read -ra w6 <<<"$(warm $table 6)"
  p6=() p1=() cold=()
  for _ in 1 2 3; do p6+=("$(pigz_ssh $table 6)"); p1+=("$(pigz_ssh $table 1)"); done
  for d in 1 2 3; do c=$(cold $table 2026-11-0$d); cold+=("$c"); done
  m6=$(median "${p6[@]}") m1=$(median "${p1[@]}")
  row() { local m; m=$(median "${@:3}"); echo "| $1 | $2 | ${*:3} | $m | $(ratio "$m6" "$m") | $(ratio "$m1" "$m") |"; }
  row $table "pigz -p2 -6 \\| ssh cat" "${p6[@]}"
  row $table "pigz -p2 -1 \\| ssh cat" "${p1[@]}"
  row $table "serve, exports 2-4, level 1" "${w1[@]}"
  row $table "serve, exports 2-4, level 6" "${w6[@]}"
  row $table "whole run, level 1" "${cold[@]}"
done
