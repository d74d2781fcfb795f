package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.codec.G711;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Q.24 conformance files for comparing receivers: one WAV per condition with 48 presses (every key three times,
 * random phases), and the digits a conformant receiver must report.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.ConformanceSuite write DIR
 * java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.ConformanceSuite report DIR [OTHER.tsv]
 * </pre>
 *
 * {@code report} decodes every file with {@link DtmfReceiver} and prints, per condition, the errors (edit distance
 * between expected and reported digits) of this receiver and, if given, of another receiver whose results are in
 * {@code OTHER.tsv} as {@code PATH<TAB>DIGITS} lines (what the spandsp harness prints).
 */
public final class ConformanceSuite {

    private static final int RATE = 8000;
    private static final String KEYS = DtmfGenerator.KEYS.repeat(3);

    private ConformanceSuite() {}

    private record Condition(String name, DtmfGenerator generator, boolean accept, String kind) {}

    private static List<Condition> conditions() {
        DtmfGenerator g = new DtmfGenerator(RATE).withToneMs(60).withGapMs(150).withLevelDbm0(-10);
        List<Condition> c = new ArrayList<>();
        c.add(new Condition("nominal", g, true, "plain"));
        c.add(new Condition("twist+8dB", g.withTwistDb(8), true, "plain"));
        c.add(new Condition("twist-4dB", g.withTwistDb(-4), true, "plain"));
        c.add(new Condition("twist+10.5dB", g.withTwistDb(10.5), false, "plain"));
        c.add(new Condition("twist-10.5dB", g.withTwistDb(-10.5), false, "plain"));
        c.add(new Condition("freq+1.5%", g.withFrequencyOffsetPercent(1.5), true, "plain"));
        c.add(new Condition("freq-1.5%", g.withFrequencyOffsetPercent(-1.5), true, "plain"));
        c.add(new Condition("freq+3.5%", g.withFrequencyOffsetPercent(3.5), false, "plain"));
        c.add(new Condition("freq-3.5%", g.withFrequencyOffsetPercent(-3.5), false, "plain"));
        c.add(new Condition("tone40ms", g.withToneMs(40), true, "plain"));
        c.add(new Condition("tone20ms", g.withToneMs(20), false, "plain"));
        c.add(new Condition("level-25dBm0", g.withLevelDbm0(-25), true, "plain"));
        c.add(new Condition("level+3.14dBm0-clipped", g.withLevelDbm0(3.14), true, "plain"));
        c.add(new Condition("level-51dBm0", g.withLevelDbm0(-51), false, "plain"));
        c.add(new Condition("noise-snr15dB", g, true, "noise"));
        c.add(new Condition("dropout10ms", g.withToneMs(50), true, "dropout"));
        c.add(new Condition("gap40ms-same-key", g.withToneMs(40), true, "gap"));
        c.add(new Condition("ulaw-twist+8dB", g.withTwistDb(8), true, "ulaw"));
        c.add(new Condition("alaw-twist-4dB", g.withTwistDb(-4), true, "alaw"));
        return c;
    }

    private static short[] render(Condition c, Random r) {
        DtmfGenerator g = c.generator();
        int tone = g.tone('1').length;
        int gap = g.samples(150);
        List<short[]> parts = new ArrayList<>();
        parts.add(new short[gap]);
        for (char k : KEYS.toCharArray()) {
            DtmfGenerator p = g.withPhases(r.nextDouble() * 2 * Math.PI, r.nextDouble() * 2 * Math.PI);
            short[] t = new short[tone];
            p.writeTone(k, t, 0, tone);
            switch (c.kind()) {
                case "dropout" -> {
                    // Two 50 ms halves of one press with 10 ms of silence between them.
                    parts.add(t);
                    parts.add(new short[g.samples(10)]);
                    short[] rest = new short[tone];
                    p.withPhases(r.nextDouble() * 2 * Math.PI, r.nextDouble() * 2 * Math.PI)
                            .writeTone(k, rest, 0, tone);
                    parts.add(rest);
                }
                case "gap" -> {
                    parts.add(t);
                    parts.add(new short[g.samples(40)]);
                    parts.add(t.clone());
                }
                default -> parts.add(t);
            }
            parts.add(new short[gap + r.nextInt(100)]);
        }
        int n = 0;
        for (short[] p : parts) {
            n += p.length;
        }
        short[] pcm = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, pcm, at, p.length);
            at += p.length;
        }
        switch (c.kind()) {
            case "noise" -> {
                double amp = DtmfGenerator.amplitude(-10);
                double signalPower = amp * amp; // two tones of amp^2/2 each
                double sigma = Math.sqrt(signalPower / Math.pow(10, 15 / 10.0));
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(pcm[i] + sigma * r.nextGaussian())));
                }
            }
            case "ulaw" -> pcm = G711.decodeUlaw(G711.encodeUlaw(pcm));
            case "alaw" -> pcm = G711.decodeAlaw(G711.encodeAlaw(pcm));
            default -> {}
        }
        return pcm;
    }

    private static String expected(Condition c) {
        if (!c.accept()) {
            return "";
        }
        if (c.kind().equals("gap")) {
            StringBuilder sb = new StringBuilder();
            for (char k : KEYS.toCharArray()) {
                sb.append(k).append(k);
            }
            return sb.toString();
        }
        return KEYS;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("write") || args[0].equals("report"))) {
            System.err.println("usage: ConformanceSuite write DIR | report DIR [OTHER.tsv]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        List<Condition> conditions = conditions();
        if (args[0].equals("write")) {
            Files.createDirectories(dir);
            Random r = new Random(24);
            for (Condition c : conditions) {
                WavFiles.write(dir.resolve(c.name() + ".wav"), render(c, r), RATE);
            }
            return;
        }
        Map<String, String> other = new HashMap<>();
        if (args.length > 2) {
            for (String line : Files.readAllLines(Path.of(args[2]))) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    other.put(Path.of(line.substring(0, tab)).getFileName().toString(), line.substring(tab + 1));
                }
            }
        }
        System.out.printf("%-24s %8s %8s %10s%n", "condition", "presses", "cx-pulse", "other");
        int oursTotal = 0;
        int otherTotal = 0;
        for (Condition c : conditions) {
            String file = c.name() + ".wav";
            String want = expected(c);
            String ours = DtmfReceiver.decodeDigits(WavFiles.read8kMono(dir.resolve(file)), RATE);
            int oursErr = editDistance(want, ours);
            oursTotal += oursErr;
            String otherErr = "-";
            if (other.containsKey(file)) {
                int e = editDistance(want, other.get(file));
                otherTotal += e;
                otherErr = String.valueOf(e);
            }
            System.out.printf("%-24s %8d %8d %10s%n", c.name(), want.length(), oursErr, otherErr);
        }
        System.out.printf("%-24s %8s %8d %10s%n", "errors in all", "", oursTotal, other.isEmpty() ? "-" : otherTotal);
    }

    /** Missed, extra and wrong digits: the Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
