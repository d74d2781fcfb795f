#!/usr/bin/env bash
# CPU time per thread of one `cx-server import` (docs/benchmarks.md, the quarter's import): copies a provisioned store
# (e.g. DATA/store of run.sh right after "provisioning the agents"), imports FILE into the copy, and prints the wall
# clock, the load average before and after, and the CPU time (user + system) of the writer (the command's main
# thread), the parsers, the reader, the garbage collector and the JIT compilers, sampled from /proc/PID/task/*/stat
# every 0.2 s (the last sample before the process ends; a thread that ended earlier, such as the reader, may be
# missing).
# Usage: benchmarks/quarter/import-cpu.sh JAR PROVISIONED_STORE_DIR FILE.ndjson [java options...]
set -euo pipefail
JAR=$1; STORE=$2; FILE=$3; shift 3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$STORE" "$WORK/store"
sync
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
java -Xmx1g "$@" -jar "$JAR" import --data-dir "$WORK/store" "$FILE" >"$WORK/out" 2>"$WORK/err" &
pid=$!
snapshot() {
  for f in /proc/"$pid"/task/*/stat; do cat "$f" 2>/dev/null; echo; done | awk 'NF {
    s = $0; i = index(s, "("); j = 0
    for (k = length(s); k > 0; k--) if (substr(s, k, 1) == ")") { j = k; break }
    name = substr(s, i + 1, j - i - 1); split(substr(s, j + 2), a, " ")
    print name "\t" a[12] + a[13] "\t" a[12] "\t" a[13] }'
}
best=0
: >"$WORK/snapshot"
while kill -0 "$pid" 2>/dev/null; do
  snapshot >"$WORK/next" 2>/dev/null || true
  total=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$WORK/next")
  if [ "$total" -ge "$best" ]; then best=$total; mv "$WORK/next" "$WORK/snapshot"; fi
  sleep 0.2
done
wait "$pid"
t1=$(date +%s.%N)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/out"
grep -v "lines read" "$WORK/err" | tail -n 3
awk -F'\t' -v hz="$(getconf CLK_TCK)" '{
    n = $1; g = "other"
    if (n == "java") g = "writer"; else if (n ~ /cx-import-pars/) g = "parser"; else if (n ~ /cx-import-read/) g = "reader"
    else if (n ~ /GC Thread|G1 /) g = "garbage collector"; else if (n ~ /Compiler/) g = "JIT compilers"
    t[g] += $2; u[g] += $3; sy[g] += $4; total += $2 }
  END { for (g in t) printf "%-18s %7.1f s (user %.1f, system %.1f)\n", g, t[g] / hz, u[g] / hz, sy[g] / hz
        printf "%-18s %7.1f s\n", "all threads", total / hz }' "$WORK/snapshot" | sort
awk -v a="$t0" -v b="$t1" -v n="$(wc -l <"$FILE")" 'BEGIN { printf "wall clock %.1f s, %.0f lines/s\n", b - a, n / (b - a) }'
