#!/usr/bin/env bash
# End to end: `cx-agent dtmf decode FILE` against spandsp's dtmf_rx streaming the same file (spandsp_dtmf -s), as
# process CPU time (user + system, from /usr/bin/time) per audio second, and peak resident memory.
#
#   benchmarks/spandsp/end-to-end.sh FILE.wav [ROUNDS]
#
# FILE.wav must be 8 kHz 16-bit mono PCM (what spandsp's harness reads), e.g. the day of calls written by
# io.cxpulse.bench.DayOfCalls. Each round runs, back to back: the JVM's start-up (decoding a 0.2 s file), the Java
# decoder on FILE, and spandsp on FILE; the Java figure is its run minus the start-up of the same round. Prints every
# round and the medians. Needs the agent jar (mvn -B -q -DskipTests package), gcc, libspandsp-dev and /usr/bin/time.
# JAVA_FLAGS, if set, are the JVM options of both Java runs, e.g. those the packaged agent runs with
# (scripts/package-agent.sh): JAVA_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" end-to-end.sh FILE.wav
# OTHER_JAR, if set, is a second agent jar (e.g. one built before a change) measured in the same rounds, each round
# running the start-up of both jars, then FILE with both, then spandsp: OTHER_JAR=target/old.jar end-to-end.sh FILE.wav
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
file="${1:?usage: end-to-end.sh FILE.wav [ROUNDS]}"
rounds="${2:-5}"
read -r -a flags <<< "${JAVA_FLAGS:-}"
jar="$root/agent/target/cx-agent.jar"
other="${OTHER_JAR:-}"
bin="$root/target/spandsp_dtmf"
mkdir -p "$root/target"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -o "$bin" "$here/spandsp_dtmf.c" $(pkg-config --cflags --libs spandsp 2>/dev/null || echo -lspandsp -lm)
tiny="$root/target/startup.wav"
java "${flags[@]}" -jar "$jar" dtmf generate --digits 1 --out "$tiny"
bytes=$(stat -c %s "$file")
audio=$(awk -v b="$bytes" 'BEGIN { printf "%.3f", (b - 44) / 2 / 8000 }')
echo "file: $file ($audio s of audio at 8 kHz, 16-bit mono); JVM options: ${JAVA_FLAGS:-none}"

cpu() { # prints "user+sys maxrss_kb" of the command; its output goes to $out
  /usr/bin/time -o "$times" -f "%U %S %M" "$@" > "$out" 2>/dev/null
  awk '{ printf "%.2f %d", $1 + $2, $3 }' "$times"
}
out="$(mktemp)"
times="$(mktemp)"
trap 'rm -f "$out" "$times"' EXIT
java_keys="" spandsp_keys=""
[ -n "$other" ] && echo "second jar: $other"
printf "%-6s %12s %12s %12s %14s %12s %14s" round "startup s" "java s" "java net s" "java peak KB" "spandsp s" "spandsp peak KB"
[ -n "$other" ] && printf " %12s %12s %12s" "2nd start s" "2nd java s" "2nd net s"
printf "\n"
results=()
other_keys=""
for r in $(seq 1 "$rounds"); do
  read -r s _ <<< "$(cpu java "${flags[@]}" -jar "$jar" dtmf decode "$tiny")"
  [ -n "$other" ] && read -r os _ <<< "$(cpu java "${flags[@]}" -jar "$other" dtmf decode "$tiny")"
  read -r j jm <<< "$(cpu java "${flags[@]}" -jar "$jar" dtmf decode "$file")"
  java_keys=$(tr -d '\n' < "$out" | wc -c)
  if [ -n "$other" ]; then
    read -r oj _ <<< "$(cpu java "${flags[@]}" -jar "$other" dtmf decode "$file")"
    other_keys=$(tr -d '\n' < "$out" | wc -c)
  fi
  read -r c cm <<< "$(cpu "$bin" -s "$file")"
  spandsp_keys=$(cut -f2 < "$out" | tr -d '\n' | wc -c)
  net=$(awk -v j="$j" -v s="$s" 'BEGIN { printf "%.2f", j - s }')
  printf "%-6s %12s %12s %12s %14s %12s %14s" "$r" "$s" "$j" "$net" "$jm" "$c" "$cm"
  if [ -n "$other" ]; then
    onet=$(awk -v j="$oj" -v s="$os" 'BEGIN { printf "%.2f", j - s }')
    printf " %12s %12s %12s" "$os" "$oj" "$onet"
  else
    onet=0
  fi
  printf "\n"
  results+=("$net $c $onet")
done
printf '%s\n' "${results[@]}" | awk -v a="$audio" -v jk="$java_keys" -v sk="$spandsp_keys" -v ok="$other_keys" '
  { jn[NR] = $1; sp[NR] = $2; on[NR] = $3 }
  function median(x, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
    return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2
  }
  END {
    n = NR; mj = median(jn, n); ms = median(sp, n)
    printf "median CPU per audio second: cx-agent %.2f us (%d keys), spandsp %.2f us (%d keys): cx-agent %.2fx better\n",
      mj / a * 1e6, jk, ms / a * 1e6, sk, ms / mj
    if (ok != "") {
      mo = median(on, n)
      printf "second jar: %.2f us (%d keys): %.2fx better than spandsp\n", mo / a * 1e6, ok, ms / mo
    }
  }'
