#!/usr/bin/env bash
# Builds everything, then runs the main job on the embedded default database: a --demo server (SQLite in ./data)
# with a simulated fleet of agents making calls and answering surveys. Prints the dashboard address and its login.
# Ctrl-C stops both. Options: PORT (default 8080), AGENTS (default 12), DATA_DIR (default ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
AGENTS="${AGENTS:-12}"
DATA_DIR="${DATA_DIR:-./data}"

if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
  SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jdk-headless maven
fi

mkdir -p "$DATA_DIR"
echo "Building (first time: a few minutes while Maven fetches dependencies)..."
if ! mvn -B -ntp -DskipTests -Dspotless.check.skip=true package >"$DATA_DIR/build.log" 2>&1; then
  echo "The build failed; the end of $DATA_DIR/build.log:" >&2
  tail -n 40 "$DATA_DIR/build.log" >&2
  exit 1
fi
log="$DATA_DIR/server.log"
java -XX:MaxNewSize=48m -XX:GCTimeRatio=4 -jar server/target/cx-server.jar --port "$PORT" --data-dir "$DATA_DIR" --demo >"$log" 2>&1 &
server=$!
fleet=""
cleanup() {
  [ -n "$fleet" ] && kill "$fleet" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for _ in $(seq 1 120); do
  if grep -q "^cx-server listening on" "$log"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "The server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.5
done
grep -q "^cx-server listening on" "$log" || { echo "The server did not start within 60 s; see $log" >&2; exit 1; }

java -jar agent/target/cx-agent.jar simulate --server "http://127.0.0.1:$PORT" --agents "$AGENTS" \
  >"$DATA_DIR/fleet.log" 2>&1 &
fleet=$!

echo
grep "^Dashboard:" "$log" || echo "Dashboard: http://127.0.0.1:$PORT/"
echo "Server log: $log   Fleet log: $DATA_DIR/fleet.log   Store: $DATA_DIR/cx.db"
echo "Press Ctrl-C to stop."
wait "$server"
