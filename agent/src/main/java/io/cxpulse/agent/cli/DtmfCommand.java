package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.AudioReader;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfEvent;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfListener;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
            sortOptions = false,
            description = {
                "Print the DTMF keys found in each audio file (WAV of any rate, 16-bit PCM, 8-bit µ-law or A-law,"
                        + " mono or stereo, plain or extensible; also AU and AIFF), read block by block and converted"
                        + " to 8 kHz mono: memory does not grow with the length of the audio.",
                "One file: only its keys, e.g. 10#, or an empty line. Several files: PATH<TAB>KEYS per file, in"
                        + " the order given. With --timestamps, one line per key: its start time in seconds and the"
                        + " key (12.340 5), after PATH<TAB> when there are several files.",
                "A truncated file: the keys of what is there, and a warning on stderr. A file that cannot be read or"
                        + " is not audio: one line on stderr; the other files are still decoded and the exit status"
                        + " is 1."
            },
            exitCodeListHeading = "Exit status:%n",
            exitCodeList = {
                "0:all files decoded",
                "1:at least one file could not be read or is not audio",
                "2:invalid command line"
            })
    static final class Decode implements Callable<Integer> {

        /** Samples handed to the receiver per call: big enough to amortise the calls, small enough for any cache. */
        private static final int BLOCK = 4096;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--channel",
                defaultValue = "mix",
                paramLabel = "left|right|mix",
                converter = ChannelConverter.class,
                description =
                        "Channel of a stereo file to decode; mix averages the channels (default: ${DEFAULT-VALUE}).")
        AudioReader.Channel channel;

        @Option(
                names = "--timestamps",
                description =
                        "Print each key on its own line after its start time in the audio, in seconds (12.340 5).")
        boolean timestamps;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files to decode; - reads standard input.")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int status = 0;
            FirstTierDecoding.forAudio(files);
            short[] block = new short[BLOCK];
            for (String file : files) {
                String prefix = files.size() == 1 ? "" : file + "\t";
                KeyPrinter printer = new KeyPrinter(out, prefix, timestamps);
                String failure = null;
                String warning = null;
                try (AudioReader reader = open(file)) {
                    DtmfReceiver rx = new DtmfReceiver(WavFiles.LINE_RATE, printer);
                    printer.begin();
                    int n;
                    while ((n = reader.read(block, 0, block.length)) >= 0) {
                        rx.process(block, 0, n);
                    }
                    rx.flush();
                    warning = reader.truncation();
                } catch (IOException | RuntimeException e) {
                    failure = oneLine(file, e);
                }
                printer.end();
                out.flush();
                if (warning != null) {
                    err.println("cx-agent dtmf decode: " + displayName(file) + ": " + warning);
                }
                if (failure != null) {
                    err.println("cx-agent dtmf decode: " + failure);
                    status = 1;
                }
                err.flush();
            }
            return status;
        }

        private AudioReader open(String file) throws IOException {
            if (file.equals("-")) {
                return AudioReader.open(
                        new FilterInputStream(System.in) {
                            @Override
                            public void close() {
                                // standard input stays open for the rest of the process
                            }
                        },
                        displayName(file),
                        channel,
                        WavFiles.LINE_RATE);
            }
            return AudioReader.open(Path.of(file), channel, WavFiles.LINE_RATE);
        }

        private static String displayName(String file) {
            return file.equals("-") ? "standard input" : file;
        }

        /** The error as one line that names the file once. */
        private static String oneLine(String file, Exception e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String name = displayName(file);
            if (!m.contains(name)) {
                m = name + ": " + m;
            }
            return m.replace('\n', ' ').replace('\r', ' ');
        }
    }

    /** Prints keys as the receiver reports them, so that nothing but the current line is held. */
    private static final class KeyPrinter implements DtmfListener {
        private final PrintWriter out;
        private final String prefix;
        private final boolean timestamps;
        private boolean begun;

        KeyPrinter(PrintWriter out, String prefix, boolean timestamps) {
            this.out = out;
            this.prefix = prefix;
            this.timestamps = timestamps;
        }

        /** The audio opened: the line of keys (without timestamps) starts. */
        void begin() {
            begun = true;
            if (!timestamps) {
                out.print(prefix);
            }
        }

        @Override
        public void key(DtmfEvent e) {
            if (timestamps) {
                out.print(prefix);
                out.println(
                        String.format(Locale.ROOT, "%.3f %c", e.startSample() / (double) WavFiles.LINE_RATE, e.key()));
            } else {
                out.print(e.key());
            }
        }

        /** Ends the line of keys of a file that could be opened. */
        void end() {
            if (begun && !timestamps) {
                out.println();
            }
        }
    }

    /** {@code --channel left|right|mix}. */
    static final class ChannelConverter implements CommandLine.ITypeConverter<AudioReader.Channel> {
        @Override
        public AudioReader.Channel convert(String value) {
            try {
                return AudioReader.Channel.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
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
