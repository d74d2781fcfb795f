package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cx-agent dtmf}: decode touch-tone keys from audio files, or synthesize them into a WAV file. */
@Command(
        name = "dtmf",
        mixinStandardHelpOptions = true,
        description = "Decode DTMF keys from WAV files, or generate a WAV file of DTMF keys.",
        subcommands = {DtmfCommand.Decode.class, DtmfCommand.Generate.class})
final class DtmfCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code dtmf decode FILE...}. */
    @Command(
            name = "decode",
            mixinStandardHelpOptions = true,
            description = {
                "Print the DTMF keys found in each audio file (any rate, sample size or channel count; converted"
                        + " to 8 kHz mono).",
                "One file: only its keys, e.g. 10#, or an empty line. Several files: PATH<TAB>KEYS per file, in"
                        + " the order given.",
                "A file that cannot be read gets a one-line error on stderr; the others are still decoded and the"
                        + " exit status is 2."
            },
            exitCodeListHeading = "Exit status:%n",
            exitCodeList = {"0:all files decoded", "2:at least one file could not be read"})
    static final class Decode implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV (or AU/AIFF) files to decode.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int status = 0;
            for (Path file : files) {
                String digits;
                try {
                    digits = DtmfReceiver.decodeDigits(WavFiles.read8kMono(file), WavFiles.LINE_RATE);
                } catch (IOException | RuntimeException e) {
                    err.println("cx-agent dtmf decode: " + oneLine(file, e));
                    err.flush();
                    status = 2;
                    continue;
                }
                out.println(files.size() == 1 ? digits : file + "\t" + digits);
                out.flush();
            }
            return status;
        }

        /** The error as one line that names the file once. */
        private static String oneLine(Path file, Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!m.contains(file.toString())) {
                m = file + ": " + m;
            }
            return m.replace('\n', ' ').replace('\r', ' ');
        }
    }

    /** {@code dtmf generate --digits KEYS --out FILE}. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Write the given keys as DTMF tones to a 16-bit mono WAV file: each key's tone followed by a"
                    + " gap.")
    static final class Generate implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--digits",
                required = true,
                paramLabel = "KEYS",
                description = "Keys to generate: 0-9, *, #, A-D (e.g. 5#10).")
        String digits;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "WAV file to write.")
        Path out;

        @Option(
                names = "--tone-ms",
                defaultValue = "100",
                paramLabel = "MS",
                description = "Length of each tone in milliseconds (default: ${DEFAULT-VALUE}).")
        double toneMs;

        @Option(
                names = "--gap-ms",
                defaultValue = "100",
                paramLabel = "MS",
                description = "Silence after each tone in milliseconds (default: ${DEFAULT-VALUE}).")
        double gapMs;

        @Option(
                names = "--level-dbm0",
                defaultValue = "-10",
                paramLabel = "DBM0",
                description = "Level of the low-group tone in dBm0; full-scale sine = +3.14 dBm0, louder clips"
                        + " (default: ${DEFAULT-VALUE}).")
        double levelDbm0;

        @Option(
                names = "--twist-db",
                defaultValue = "0",
                paramLabel = "DB",
                description = "Low-group minus high-group level in dB; negative for reverse twist"
                        + " (default: ${DEFAULT-VALUE}).")
        double twistDb;

        @Option(
                names = "--freq-offset-pct",
                defaultValue = "0",
                paramLabel = "PERCENT",
                description = "Shift both tones by this percentage of their nominal frequency"
                        + " (default: ${DEFAULT-VALUE}).")
        double frequencyOffsetPercent;

        @Option(
                names = "--rate",
                defaultValue = "8000",
                paramLabel = "HZ",
                description = "Sample rate of the file in Hz (default: ${DEFAULT-VALUE}).")
        int rate;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            short[] pcm;
            try {
                pcm = new DtmfGenerator(rate)
                        .withToneMs(toneMs)
                        .withGapMs(gapMs)
                        .withLevelDbm0(levelDbm0)
                        .withTwistDb(twistDb)
                        .withFrequencyOffsetPercent(frequencyOffsetPercent)
                        .digits(digits);
            } catch (IllegalArgumentException e) {
                err.println("cx-agent dtmf generate: " + e.getMessage());
                return 2;
            }
            try {
                WavFiles.write(out, pcm, rate);
            } catch (IOException | RuntimeException e) {
                err.println("cx-agent dtmf generate: cannot write " + out + ": " + e.getMessage());
                return 1;
            }
            return 0;
        }
    }
}
