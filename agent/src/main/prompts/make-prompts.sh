#!/bin/sh
# Regenerates the default survey prompts (8 kHz, 16-bit, mono WAV) with espeak-ng and sox.
# Usage: agent/src/main/prompts/make-prompts.sh   (run from anywhere; needs espeak-ng and sox)
# PROMPTS_OUT=DIR writes them elsewhere instead of into the agent's resources.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="${PROMPTS_OUT:-$here/../resources/prompts}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# say VOICE SPEED FILE TEXT: speak TEXT into FILE as 8 kHz 16-bit mono, normalised to -3 dBFS.
say() {
    espeak-ng -v "$1" -s "$2" -w "$tmp/raw.wav" "$4"
    sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$3" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.15 norm -3
}

mkdir -p "$out/en" "$out/zh"

say en-us 185 "$out/en/greeting.wav" "Thank you for your call. Please answer three short questions."
say en-us 185 "$out/en/csat.wav" "How satisfied were you with this call? Press 1 to 5. 5 is very satisfied."
say en-us 185 "$out/en/nps.wav" "How likely are you to recommend us? Press 0 to 10."
say en-us 185 "$out/en/resolved.wav" "Was your issue resolved? Press 1 for yes, 2 for no."
say en-us 185 "$out/en/thanks.wav" "Thank you. Goodbye."
say en-us 185 "$out/en/invalid.wav" "Sorry, that is not a valid choice."

say cmn 230 "$out/zh/greeting.wav" "感谢来电，请回答三个问题。"
say cmn 230 "$out/zh/csat.wav" "您对本次服务满意吗？请按1到5。"
say cmn 230 "$out/zh/nps.wav" "您会向朋友推荐我们吗？请按0到10。"
say cmn 230 "$out/zh/resolved.wav" "问题解决了吗？是按1，否按2。"
say cmn 230 "$out/zh/thanks.wav" "谢谢，再见。"
say cmn 230 "$out/zh/invalid.wav" "无效的选择。"

# The language choice is one bilingual prompt, played before the survey's language is known.
say en-us 185 "$tmp/lang-en.wav" "For English, press 1."
say cmn 230 "$tmp/lang-zh.wav" "中文请按2。"
sox "$tmp/lang-en.wav" "$tmp/lang-zh.wav" "$out/language.wav"

for f in "$out"/*.wav "$out"/*/*.wav; do
    printf '%s %ss\n' "${f#"$out"/}" "$(soxi -D "$f")"
done
