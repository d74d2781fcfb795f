package io.cxpulse.bench;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import io.cxpulse.agent.dtmf.FastKeysCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Callers keying ahead while a prompt still plays: short presses (40-60 ms tones, 45-60 ms gaps) at -22 to -10 dBm0
 * with twist from -6 to +3 dB, over speech at -24 to -16 dBm0 (its active level), then a µ-law or A-law round trip.
 * Builds the recordings from espeak-ng speech clips (English and Mandarin voices, e.g. the talk-off set
 * {@code agent/target/talkoff/speech-*.8k.wav}), deterministically, writes them as WAV files with the keys in their
 * names' companion list, and reports what this receiver decodes.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.cxpulse.bench.FastKeys OUT_DIR COUNT SPEECH.wav...
 * </pre>
 *
 * {@code OUT_DIR/keys.tsv} lists FILE, keys pressed and keys decoded; {@code benchmarks/spandsp/compare.sh} style
 * runs of spandsp can read the WAV files.
 */
public final class FastKeys {

    private FastKeys() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: FastKeys OUT_DIR COUNT SPEECH.wav...");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        List<short[]> speech = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            speech.add(WavFiles.read8kMono(Path.of(args[i])));
        }
        Files.createDirectories(dir);
        StringBuilder tsv = new StringBuilder();
        int wrong = 0;
        int keys = 0;
        for (FastKeysCorpus.Recording r : FastKeysCorpus.build(speech, count, 42)) {
            String name = String.format(Locale.ROOT, "fast-%04d.wav", r.index());
            WavFiles.write(dir.resolve(name), r.pcm(), FastKeysCorpus.RATE);
            String got = DtmfReceiver.decodeDigits(r.pcm(), FastKeysCorpus.RATE);
            keys += r.keys().length();
            if (!got.equals(r.keys())) {
                wrong++;
            }
            tsv.append(name)
                    .append('\t')
                    .append(r.keys())
                    .append('\t')
                    .append(got)
                    .append('\n');
        }
        Files.writeString(dir.resolve("keys.tsv"), tsv);
        System.out.printf(
                Locale.ROOT, "%d recordings, %d keys: %d recordings not decoded exactly%n", count, keys, wrong);
    }
}
