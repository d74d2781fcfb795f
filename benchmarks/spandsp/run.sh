#!/usr/bin/env bash
# Builds the spandsp DTMF harness and runs it on the benchmark audio (and any extra WAV files given), printing the
# digits found per file and spandsp's speed in audio-seconds per CPU-second.
#
#   benchmarks/spandsp/run.sh [-n ITERATIONS] [FILE.wav ...]
#
# Needs gcc, pkg-config and Debian's libspandsp-dev; the benchmarks jar (mvn -B -q -pl benchmarks -am -DskipTests
# package) writes the shared audio file target/dtmf-bench.wav when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
iterations=40
if [[ "${1:-}" == "-n" ]]; then
  iterations="$2"
  shift 2
fi
mkdir -p "$root/target"
bin="$root/target/spandsp_dtmf"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -o "$bin" "$here/spandsp_dtmf.c" $(pkg-config --cflags --libs spandsp 2>/dev/null || echo -lspandsp -lm)
audio="$root/target/dtmf-bench.wav"
if [[ ! -f "$audio" ]]; then
  java -cp "$root/benchmarks/target/benchmarks.jar" io.cxpulse.bench.BenchAudio "$audio" >/dev/null
fi
"$bin" -n "$iterations" "$audio" "$@"
