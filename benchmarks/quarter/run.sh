#!/usr/bin/env bash
# The server at a center's scale (docs/benchmarks.md): writes a quarter of history for 1,000 agents with
# io.cxpulse.bench.QuarterHistory, provisions the agents through the API, loads the history with `cx-server import`,
# then restarts the server on that store and measures start-up, history, /api/agents, the full CSV export (rows/s,
# first byte, server RSS) and agents' acknowledgement latency during the export (cx-agent load).
# Needs the jars: mvn -B -q -DskipTests package. Settings: DATA (default /tmp/cx-quarter), PORT (8095), AGENTS (1000),
# DAYS (92), PER_DAY (25), ZONE (America/New_York: the quarter crosses a daylight-saving change). REUSE=1 skips the
# generation, provisioning and import and measures the store already in DATA.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${DATA:-/tmp/cx-quarter}"
PORT="${PORT:-8095}"
AGENTS="${AGENTS:-1000}"
DAYS="${DAYS:-92}"
PER_DAY="${PER_DAY:-25}"
ZONE="${ZONE:-America/New_York}"
BASE="http://127.0.0.1:${PORT}"
# The server's JVM options as docs/api.md recommends them (a young generation of at most 48 MB, a heap that grows
# only when collections take more than a fifth of the time).
JVM=(-Xmx1g -XX:MaxNewSize=48m -XX:GCTimeRatio=4)
SERVER=(java "${JVM[@]}" -jar server/target/cx-server.jar --port "$PORT" --data-dir "$DATA/store" --time-zone "$ZONE" --demo)

server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
trap stop_server EXIT

# Starts the server, waits for its admin login line, logs in; sets server_pid, sets STARTUP_S.
start_server() {
  local log="$1"
  local t0; t0=$(date +%s.%N)
  "${SERVER[@]}" >"$log.out" 2>"$log.err" &
  server_pid=$!
  for _ in $(seq 1 2400); do
    if grep -q "^Dashboard:" "$log.out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  local t1; t1=$(date +%s.%N)
  STARTUP_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  local pw; pw=$(sed -n 's/^Dashboard: .* login: admin \/ //p' "$log.out")
  curl -sf -c "$DATA/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$BASE/api/login" >/dev/null
}

if [ "${REUSE:-0}" != 1 ]; then
rm -rf "$DATA"
mkdir -p "$DATA"
echo "== generating $AGENTS agents x $DAYS days x $PER_DAY calls and surveys ($ZONE)"
java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.QuarterHistory "$DATA/quarter.ndjson" \
  "$AGENTS" "$DAYS" "$PER_DAY" "$ZONE"

echo "== provisioning the agents"
start_server "$DATA/provision"
while IFS=, read -r id name team; do
  curl -sf -b "$DATA/cookies" -H 'Content-Type: application/json' \
    -d "{\"agentId\":\"$id\",\"displayName\":\"$name\",\"team\":\"$team\"}" "$BASE/api/agents" >/dev/null
done <"$DATA/agents.csv"
stop_server

echo "== import"
# The provisioned store, kept for benchmarks/quarter/import-cpu.sh; the generated file and the store are flushed to
# the disk first, and the machine is left to settle, so that the import does not share the disk with their write-back.
rm -rf "$DATA/provisioned"
cp -r "$DATA/store" "$DATA/provisioned"
sync
sleep 10
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "import: %e s wall, %U s user + %S s system CPU, %M KB max RSS" \
  java -Xmx1g -jar server/target/cx-server.jar import --data-dir "$DATA/store" "$DATA/quarter.ndjson" 2>"$DATA/import.err"
grep -v "lines read" "$DATA/import.err" | tail -n 3
ls -la "$DATA/store"
fi

echo "== restart on the quarter (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
# Start-up as in production (no --demo, whose password hashing is demo set-up): launch to "cx-server listening", and
# the server's CPU time by then. Three times as is, then three times with a class-data archive (docs/api.md) made by
# one start of this jar on this store.
startup() { # label java-options...
  local label="$1"; shift
  rm -f "$DATA/startup.out"
  local t0; t0=$(date +%s.%N)
  java "$@" -jar server/target/cx-server.jar --port "$PORT" --data-dir "$DATA/store" --time-zone "$ZONE" \
    >"$DATA/startup.out" 2>"$DATA/startup.err" &
  local pid=$!
  for _ in $(seq 1 2400); do
    if grep -q "^cx-server listening" "$DATA/startup.out" 2>/dev/null; then break; fi
    sleep 0.02
  done
  local t1; t1=$(date +%s.%N)
  local cpu; cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat")
  echo "start-up $label (launch to listening): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s," \
    "${cpu} s of CPU; load average $(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for run in 1 2 3; do startup "$run" "${JVM[@]}"; done
rm -f "$DATA/cx-server.jsa"
startup "that writes the class-data archive" "${JVM[@]}" -XX:ArchiveClassesAtExit="$DATA/cx-server.jsa"
for run in 1 2 3; do startup "$run with the archive" "${JVM[@]}" -XX:SharedArchiveFile="$DATA/cx-server.jsa"; done
start_server "$DATA/server"

measure() { # name url: five requests, each time_total
  local name="$1" url="$2" times=()
  for _ in 1 2 3 4 5; do
    times+=("$(curl -sf -b "$DATA/cookies" -o /dev/null -w '%{time_total}' "$BASE$url")")
  done
  local size; size=$(curl -sf -b "$DATA/cookies" "$BASE$url" | wc -c)
  echo "$name: ${times[*]} s ($size bytes)"
}
measure "history days=92 (all teams)" "/api/history?days=92"
measure "history days=92 agent-0500" "/api/history?days=92&agentId=agent-0500"
measure "/api/agents" "/api/agents"

rss() { ps -o rss= -p "$server_pid" | tr -d ' '; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
export_once() { # label curl-extra-args...
  local label="$1"; shift
  local before; before=$(rss)
  local max="$before"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  local ticks0; ticks0=$(cpu_ticks)
  ( while kill -0 "$server_pid" 2>/dev/null; do rss; sleep 0.2; done ) >"$DATA/rss.$label" &
  local sampler=$!
  local stats
  stats=$(curl -sf -b "$DATA/cookies" "$@" -o "$DATA/export.$label" \
    -w '%{time_starttransfer} %{time_total} %{size_download}' "$BASE/api/export/surveys.csv?from=0")
  local ticks1; ticks1=$(cpu_ticks)
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  max=$(sort -n "$DATA/rss.$label" | tail -n 1)
  local cpu; cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", (b - a) / hz }')
  local rows
  if [ "$label" = gzip ]; then rows=$(gzip -dc "$DATA/export.$label" | wc -l); else rows=$(wc -l <"$DATA/export.$label"); fi
  rows=$((rows - 1))
  read -r first total bytes <<<"$stats"
  echo "export ($label): $rows rows, $bytes bytes, first byte ${first} s, total ${total} s," \
    "$(awk -v r="$rows" -v t="$total" 'BEGIN { printf "%d", r / t }') rows/s; server RSS ${before} KB before, ${max} KB max (+$(( (max - before) / 1024 )) MB)," \
    "after 5 s $(sed -n 25p "$DATA/rss.$label") KB, at the end $(tail -n 1 "$DATA/rss.$label") KB; server CPU ${cpu} s" \
    "($(awk -v r="$rows" -v c="$cpu" 'BEGIN { printf "%d", r / c }') rows per CPU-second); load average before: $load"
  rm -f "$DATA/export.$label"
}
export_once plain
export_once gzip -H 'Accept-Encoding: gzip'

echo "== acknowledgement latency while the whole quarter is exported"
java -jar agent/target/cx-agent.jar load --server "$BASE" --agents 24 --events 300 --window 4 >"$DATA/load.idle" 2>&1
echo "idle: $(tail -n 1 "$DATA/load.idle")"
( curl -sf -b "$DATA/cookies" -o /dev/null "$BASE/api/export/surveys.csv?from=0" ) &
exporter=$!
sleep 1
java -jar agent/target/cx-agent.jar load --server "$BASE" --agents 24 --events 300 --window 4 >"$DATA/load.export" 2>&1
echo "during export: $(tail -n 1 "$DATA/load.export")"
if kill -0 "$exporter" 2>/dev/null; then echo "(the export was still running when the load ended)"; fi
wait "$exporter" || true
grep -c "BlockedThreadChecker" "$DATA/server.err" | sed 's/^/BlockedThreadChecker warnings in the server log: /' || true
