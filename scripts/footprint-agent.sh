#!/usr/bin/env bash
# The desktop agent's footprint, measured side by side with a bare JVM showing a hello-world Swing window, both with
# the flags the installed launcher uses, on a virtual display (Xvfb). The agent runs `cx-agent desktop` connected to a
# local demo server, with no headset and nothing happening. After a 20 s settle, each process's CPU time is read from
# /proc over 60 s, then its resident memory (VmRSS). Prints one table; see docs/benchmarks.md.
#
#   scripts/footprint-agent.sh          # builds the jars first
#   SKIP_BUILD=1 scripts/footprint-agent.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# The flags of the installed launcher (scripts/package-agent.sh), for both JVMs; JAVA_FLAGS replaces them.
read -r -a FLAGS <<<"${JAVA_FLAGS:--Xms8m -Xmx96m -Xmn2m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m}"
DISPLAY_NUM="${DISPLAY_NUM:-:88}"
SETTLE="${SETTLE:-20}"
WINDOW="${WINDOW:-60}"

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  mvn -B -ntp -q -pl agent,server -am package -DskipTests
fi
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

Xvfb "$DISPLAY_NUM" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY="$DISPLAY_NUM"
sleep 2

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
java -jar server/target/cx-server.jar --port "$port" --data-dir "$work/server" --demo >"$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 1
done
read -r agent token < <(curl -fs "http://127.0.0.1:$port/api/demo/agents" \
  | python3 -c 'import json,sys; a=json.load(sys.stdin)[0]; print(a["agentId"], a["token"])')

mkdir -p "$work/config" "$work/sys" "$work/dev"
cat >"$work/config/agent.properties" <<CONFIG
server = http://127.0.0.1:$port
agent.id = $agent
playback = USB Phone Adapter
capture = USB Phone Adapter
data.dir = $work/agent-data
theme = light
hid.sysfs = $work/sys
hid.dev = $work/dev
CONFIG
install -m 600 /dev/null "$work/config/token"
echo "$token" >"$work/config/token"

mkdir -p "$work/hello"
javac -d "$work/hello" benchmarks/footprint/HelloSwing.java
java "${FLAGS[@]}" -cp "$work/hello" HelloSwing &
hello=$!
pids+=($hello)
java "${FLAGS[@]}" -DCX_LOG_DIR="$work/logs" \
  -jar agent/target/cx-agent.jar desktop --config "$work/config/agent.properties" &
agentpid=$!
pids+=($agentpid)

sleep "$SETTLE"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"
a0="$(ticks "$agentpid")"; h0="$(ticks "$hello")"
sleep "$WINDOW"
a1="$(ticks "$agentpid")"; h1="$(ticks "$hello")"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
arss="$(rss "$agentpid")"; hrss="$(rss "$hello")"

printf '%-26s %12s %12s\n' "" "cx-agent" "hello Swing"
printf '%-26s %12s %12s\n' "CPU over ${WINDOW} s (ms)" "$(( (a1 - a0) * 1000 / hz ))" "$(( (h1 - h0) * 1000 / hz ))"
printf '%-26s %12s %12s\n' "resident memory (MiB)" "$(( arss / 1024 ))" "$(( hrss / 1024 ))"
python3 -c "print('%-26s %12.2f' % ('RSS ratio (limit 1.50)', $arss / $hrss))"
