package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.codec.G711;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The end-to-end benchmark's recording: a day of contact-center calls as one 8 kHz 16-bit mono WAV, written block by
 * block (any length in constant memory). Each call is a conversation (speech clips at -30 to -20 dBm0 with pauses),
 * then the survey: a spoken prompt and three answers keyed at -20 to -8 dBm0; calls are separated by idle line
 * (-65 dBm0 noise). Everything goes through a µ-law round trip, as a recording from a telephone line does.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.DayOfCalls OUT.wav HOURS SPEECH.wav...
 * </pre>
 *
 * The speech clips are 8 kHz WAV files, e.g. the talk-off set {@code agent/target/talkoff/speech-*.8k.wav} that
 * {@code TalkOffIT} makes with espeak-ng. Prints the number of keys written and the keys, in order, to a file next to
 * the recording ({@code OUT.wav.keys}).
 */
public final class DayOfCalls {

    private static final int RATE = 8000;

    private DayOfCalls() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: DayOfCalls OUT.wav HOURS SPEECH.wav...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        double hours = Double.parseDouble(args[1]);
        List<short[]> speech = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            speech.add(WavFiles.read8kMono(Path.of(args[i])));
        }
        String keys = write(out, Math.round(hours * 3600 * RATE), speech, new Random(2026));
        Files.writeString(Path.of(args[0] + ".keys"), keys + "\n");
        System.out.println(out + ": " + keys.length() + " keys");
    }

    /** Writes {@code samples} samples of calls; returns the keys in order. */
    static String write(Path file, long samples, List<short[]> speech, Random rnd) throws IOException {
        StringBuilder keys = new StringBuilder();
        try (Sink sink = new Sink(file, samples, rnd)) {
            while (sink.left() > 0) {
                // the conversation: 30 s to 3 min of speech in turns, with pauses
                double talk = 30 + 150 * rnd.nextDouble();
                for (double t = 0; t < talk && sink.left() > 0; ) {
                    double turn = 2 + 10 * rnd.nextDouble();
                    sink.speech(speech.get(rnd.nextInt(speech.size())), turn, -30 + 10 * rnd.nextDouble());
                    double pause = 0.2 + 1.5 * rnd.nextDouble();
                    sink.idle(pause);
                    t += turn + pause;
                }
                // the survey: a prompt, then an answer, three times
                for (int q = 0; q < 3 && sink.left() > 0; q++) {
                    sink.speech(speech.get(rnd.nextInt(speech.size())), 3 + 3 * rnd.nextDouble(), -20);
                    sink.idle(0.5 + 2 * rnd.nextDouble());
                    char key = "0123456789*#"
                            .charAt(q == 2 ? 10 + rnd.nextInt(2) : rnd.nextInt(10)); // last answer: * or #
                    if (sink.key(
                            key, 60 + 60 * rnd.nextDouble(), -20 + 12 * rnd.nextDouble(), -4 + 8 * rnd.nextDouble())) {
                        keys.append(key);
                    }
                    sink.idle(0.3 + rnd.nextDouble());
                }
                sink.idle(5 + 25 * rnd.nextDouble());
            }
        }
        return keys.toString();
    }

    /** The WAV file being written, with the line noise and the µ-law round trip applied to every sample. */
    private static final class Sink implements AutoCloseable {
        private final OutputStream out;
        private final long total;
        private final Random rnd;
        private final double noise = DtmfGenerator.amplitude(-65) / Math.sqrt(2);
        private final byte[] two = new byte[2];
        private long written;

        Sink(Path file, long total, Random rnd) throws IOException {
            this.total = total;
            this.rnd = rnd;
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
            h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, 36 + 2 * total));
            h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                    .putInt(16)
                    .putShort((short) 1)
                    .putShort((short) 1);
            h.putInt(RATE).putInt(2 * RATE).putShort((short) 2).putShort((short) 16);
            h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) Math.min(0xFFFFFFFFL, 2 * total));
            out.write(h.array());
        }

        long left() {
            return total - written;
        }

        void sample(double v) throws IOException {
            if (written >= total) {
                return;
            }
            double s = Math.max(-32768, Math.min(32767, v + noise * rnd.nextGaussian()));
            short pcm = G711.ulawToLinear(G711.linearToUlaw((short) Math.round(s)));
            two[0] = (byte) pcm;
            two[1] = (byte) (pcm >> 8);
            out.write(two);
            written++;
        }

        void idle(double seconds) throws IOException {
            for (long i = Math.round(seconds * RATE); i > 0; i--) {
                sample(0);
            }
        }

        /** A random stretch of a clip, scaled so that its loud samples have the given RMS level. */
        void speech(short[] clip, double seconds, double dbm0) throws IOException {
            int n = (int) Math.min(clip.length, Math.round(seconds * RATE));
            int from = rnd.nextInt(Math.max(1, clip.length - n));
            double sum = 0;
            int active = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(clip[from + i]) > 100) {
                    sum += (double) clip[from + i] * clip[from + i];
                    active++;
                }
            }
            double gain = active == 0 ? 0 : DtmfGenerator.amplitude(dbm0) / Math.sqrt(2) / Math.sqrt(sum / active);
            for (int i = 0; i < n; i++) {
                sample(clip[from + i] * gain);
            }
        }

        /** One press; false when the recording ended before the whole tone was written. */
        boolean key(char key, double toneMs, double dbm0, double twistDb) throws IOException {
            short[] tone = new DtmfGenerator(RATE)
                    .withLevelDbm0(dbm0)
                    .withTwistDb(twistDb)
                    .withToneMs(toneMs)
                    .withPhases(2 * Math.PI * rnd.nextDouble(), 2 * Math.PI * rnd.nextDouble())
                    .tone(key);
            boolean whole = left() >= tone.length + RATE / 10;
            for (short s : tone) {
                sample(s);
            }
            return whole;
        }

        @Override
        public void close() throws IOException {
            while (left() > 0) {
                sample(0);
            }
            out.close();
        }
    }
}
