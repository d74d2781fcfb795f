package io.cxpulse.agent.survey;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plays known keys through a line that is looped back (an echo test number, or a loop on the adapter) and checks
 * that they are decoded from what comes back: the way to find a telephone system that strips in-band tones or a
 * codec that mangles them. Two rounds: keys at a normal level, then short quiet keys to measure the margin.
 */
public final class LineSelfTest {
    /** The keys a survey uses. */
    public static final String KEYS = "1234567890*#";

    private static final double LEAD_SECONDS = 0.3;
    private static final double TAIL_SECONDS = 0.8;

    /**
     * What the self-test found.
     *
     * @param passed whether the keys at normal level came back exactly
     * @param sent the keys played in each round
     * @param decoded the keys decoded in the normal round
     * @param marginDecoded the keys decoded in the quiet, short round
     * @param levelDbfs the level of the keys that came back, in dBFS (very low when nothing came back)
     * @param delayMillis how long the audio took to come back, -1 when nothing did
     * @param findings what is wrong and what to change, or that all is well
     */
    public record Report(
            boolean passed,
            String sent,
            String decoded,
            String marginDecoded,
            double levelDbfs,
            long delayMillis,
            List<String> findings) {
        public Report {
            findings = List.copyOf(findings);
        }
    }

    private record Round(short[] captured, short[] sent) {}

    private LineSelfTest() {}

    /** Runs both rounds on the line (about 4 seconds of audio). */
    public static Report run(Line line) {
        DtmfGenerator normal = new DtmfGenerator(Line.SAMPLE_RATE);
        DtmfGenerator quiet =
                new DtmfGenerator(Line.SAMPLE_RATE).withToneMs(50).withGapMs(50).withLevelDbm0(-24);
        Round a = round(line, normal.digits(KEYS));
        Round b = round(line, quiet.digits(KEYS));
        String decoded = a.captured() == null ? "" : DtmfReceiver.decodeDigits(a.captured(), Line.SAMPLE_RATE);
        String margin = b.captured() == null ? "" : DtmfReceiver.decodeDigits(b.captured(), Line.SAMPLE_RATE);
        short[] back = a.captured() == null ? new short[0] : a.captured();
        int peak = 0;
        for (short s : back) {
            peak = Math.max(peak, Math.abs((int) s));
        }
        long delay = delayMillis(back);
        double level = toneLevelDbfs(back, delay);
        List<String> findings = new ArrayList<>();
        boolean passed = decoded.equals(KEYS);
        if (a.captured() == null) {
            findings.add("The line was released during the test: call the loop-back (echo) number again and keep the"
                    + " call up while the test runs.");
        } else if (peak < 30) {
            findings.add("Nothing came back from the line. Check that the capture device is the line's input (see"
                    + " cx-agent audio list), that it is not muted, and that the line is looped back: an echo test"
                    + " number, or the adapter's loopback.");
        } else if (decoded.isEmpty()) {
            findings.add("Audio comes back but no key was recognised: the telephone system strips or mangles in-band"
                    + " DTMF. Use G.711 (PCMU/PCMA) for this line rather than a compressed codec (G.729, GSM, iLBC,"
                    + " low-rate Opus), send DTMF in-band rather than as RFC 4733 telephone-events or SIP INFO, and"
                    + " turn off DTMF suppression on the trunk.");
        } else if (!passed) {
            if (isDoubled(decoded)) {
                findings.add("Keys came back more than once (sent " + KEYS + ", decoded " + decoded + "): the line"
                        + " has echo. Enable echo cancellation on the line or adapter.");
            } else {
                findings.add("Some keys were lost or changed (sent " + KEYS + ", decoded " + decoded + "): noise"
                        + " suppression, echo cancellation or automatic gain on the path is cutting the tones, or a"
                        + " lossy codec is in use. Turn those off for this line and use G.711.");
            }
        }
        if (a.captured() != null && peak >= 30) {
            if (peak >= 32000) {
                findings.add(String.format(
                        Locale.ROOT,
                        "The keys come back clipped (peak at full scale): lower the playback or capture gain."));
            } else if (level < -40) {
                findings.add(String.format(
                        Locale.ROOT,
                        "The keys come back very quiet (%.1f dBFS): raise the capture gain or the playback volume.",
                        level));
            }
        }
        if (passed && !margin.equals(KEYS)) {
            findings.add("Keys at normal level are decoded, but short quiet keys are not (decoded " + margin
                    + "): the line has little margin; raise the levels and turn off noise suppression.");
        }
        if (passed && findings.isEmpty()) {
            findings.add("All keys came back and were decoded, short quiet ones too: the line carries DTMF.");
        }
        return new Report(passed, KEYS, decoded, margin, level, delay, findings);
    }

    /** Plays lead silence, the keys, tail silence, capturing as much as is played; null when the line ends. */
    private static Round round(Line line, short[] keys) {
        int lead = (int) (LEAD_SECONDS * Line.SAMPLE_RATE);
        int tail = (int) (TAIL_SECONDS * Line.SAMPLE_RATE);
        int total = lead + keys.length + tail;
        total += (SurveyRunner.FRAME - total % SurveyRunner.FRAME) % SurveyRunner.FRAME;
        short[] play = new short[total];
        System.arraycopy(keys, 0, play, lead, keys.length);
        short[] captured = new short[total];
        for (int off = 0; off < total; off += SurveyRunner.FRAME) {
            line.write(play, off, SurveyRunner.FRAME);
            if (line.read(captured, off, SurveyRunner.FRAME) < 0 || line.released()) {
                return new Round(null, play);
            }
        }
        return new Round(captured, play);
    }

    private static long delayMillis(short[] back) {
        int lead = (int) (LEAD_SECONDS * Line.SAMPLE_RATE);
        for (int i = 0; i + 80 <= back.length; i += 80) {
            double sum = 0;
            for (int k = i; k < i + 80; k++) {
                sum += (double) back[k] * back[k];
            }
            if (Math.sqrt(sum / 80) > 100) {
                return Math.max(0, (i - lead) * 1000L / Line.SAMPLE_RATE);
            }
        }
        return -1;
    }

    /** RMS level of the first key as it came back (its first 80 ms), in dBFS. */
    private static double toneLevelDbfs(short[] back, long delayMillis) {
        if (delayMillis < 0) {
            return -120;
        }
        int from = (int) (LEAD_SECONDS * Line.SAMPLE_RATE + delayMillis * Line.SAMPLE_RATE / 1000);
        int to = Math.min(back.length, from + 640);
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) back[i] * back[i];
        }
        double rms = Math.sqrt(sum / Math.max(1, to - from));
        return rms <= 0 ? -120 : 20 * Math.log10(rms / 32768.0);
    }

    private static boolean isDoubled(String decoded) {
        return decoded.length() > KEYS.length();
    }
}
