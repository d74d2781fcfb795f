#!/usr/bin/env bash
# Compares the CX Pulse DTMF receiver with spandsp's on Q.24 conformance files, and optionally on talk-off files:
#
#   benchmarks/spandsp/compare.sh [TALKOFF.wav ...]
#
# Writes the conformance files to target/q24/, decodes them with both receivers and prints the errors per condition
# (missed, extra or wrong digits). Talk-off files given as arguments (e.g. agent/target/talkoff/*.8k.wav, made by
# TalkOffIT) are decoded by both and every digit found is printed: each one is a false digit.
# Needs the benchmarks jar (mvn -B -q -pl benchmarks -am -DskipTests package), gcc and libspandsp-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
bin="$root/target/spandsp_dtmf"
mkdir -p "$root/target"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -o "$bin" "$here/spandsp_dtmf.c" $(pkg-config --cflags --libs spandsp 2>/dev/null || echo -lspandsp -lm)
dir="$root/target/q24"
java -cp "$jar" io.cxpulse.bench.ConformanceSuite write "$dir"
"$bin" "$dir"/*.wav > "$dir/spandsp.tsv"
echo "Q.24 conformance: errors per condition (other = spandsp)"
java -cp "$jar" io.cxpulse.bench.ConformanceSuite report "$dir" "$dir/spandsp.tsv"
if [[ $# -gt 0 ]]; then
  echo
  echo "Talk-off: digits found (each one is false)"
  echo "--- spandsp"
  "$bin" "$@" | awk -F'\t' '{ n += length($2); if (length($2)) print } END { print "spandsp false digits: " n + 0 }'
  echo "--- cx-pulse"
  java -jar "$root/agent/target/cx-agent.jar" dtmf decode "$@" \
    | awk -F'\t' '{ d = (NF > 1 ? $2 : $1); n += length(d); if (length(d)) print } END { print "cx-pulse false digits: " n + 0 }'
fi
