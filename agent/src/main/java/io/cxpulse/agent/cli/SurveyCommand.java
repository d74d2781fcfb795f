package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.survey.LineSelfTest;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.Question;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyDefinitionException;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyOutcomeJson;
import io.cxpulse.agent.survey.SurveyRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cx-agent survey}: run the post-call survey on a simulated or real line, test a line, check a survey. */
@Command(
        name = "survey",
        mixinStandardHelpOptions = true,
        description = "Post-call IVR survey: simulate it on a recorded caller, run it on a line, test a line.",
        subcommands = {
            SurveyCommand.Simulate.class,
            SurveyCommand.SelfTest.class,
            SurveyCommand.RunOnLine.class,
            SurveyCommand.Check.class
        })
final class SurveyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Survey file and language options shared by the sub-commands that run a survey. */
    static final class SurveyOptions {
        @CommandLine.Mixin
        SurveyFileOption survey = new SurveyFileOption();

        @Option(
                names = "--lang",
                paramLabel = "LANG",
                description = "Survey language, e.g. en or zh (default: the survey's default language, or the"
                        + " caller's choice with --ask-language).")
        String language;

        @Option(
                names = "--ask-language",
                description =
                        "Start with the language choice (\"for English press 1, 中文请按 2\") unless --lang" + " is given.")
        boolean askLanguage;

        @Option(names = "--call-id", paramLabel = "ID", description = "Call id put in the result.")
        String callId;

        /** The survey to run, with or without its language choice as the options say. */
        SurveyDefinition definition() {
            SurveyDefinition d = survey.load();
            if (language != null) {
                language = language.toLowerCase(Locale.ROOT);
                if (!d.languages().contains(language)) {
                    throw new SurveyDefinitionException(
                            "--lang " + language + ": survey " + d.id() + " has languages " + d.languages());
                }
                return d.withoutLanguageChoice();
            }
            if (askLanguage && d.languageChoice() == null) {
                return d.withLanguageChoice(SurveyDefinitions.defaultLanguageChoice());
            }
            return d;
        }
    }

    /** {@code survey simulate --caller FILE.wav ...}. */
    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            description = {
                "Runs the survey on a fake line whose caller side is the WAV file (silence after it ends) and"
                        + " prints the result as one line of JSON: status, answers (answered questions by id,"
                        + " yes/no as booleans), then the details of every question.",
                "Timed by the audio's samples: faster than real time, and the same audio always gives the same"
                        + " result."
            },
            exitCodeListHeading = ExitStatus.HEADING,
            exitCodeList = {
                "0:the survey ran (whatever its status)",
                "1:bad input (file, survey, language)",
                ExitStatus.USAGE_LINE
            })
    static final class Simulate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--caller",
                required = true,
                paramLabel = "FILE.wav",
                description = "What the caller does: DTMF keys, speech, silence, a busy tone (any WAV format).")
        Path caller;

        @Option(names = "--record-out", paramLabel = "FILE.wav", description = "Write what the caller heard here.")
        Path recordOut;

        @Option(
                names = "--line-noise",
                paramLabel = "DBFS",
                description = "Add line hiss at this level (e.g. -55) throughout, also after the WAV ends: a caller"
                        + " who stays on the line. Without it the line is digital silence after the WAV, which the"
                        + " survey takes for a hang-up after 10 s.")
        Double lineNoiseDbfs;

        @CommandLine.Mixin
        SurveyOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (lineNoiseDbfs != null && !(lineNoiseDbfs >= -90 && lineNoiseDbfs <= -10)) {
                throw ExitStatus.usage(spec, "--line-noise must be -90..-10 dBFS, got " + lineNoiseDbfs);
            }
            try {
                SurveyDefinition survey = options.definition();
                short[] audio = WavFiles.read8kMono(caller);
                double noiseRms = lineNoiseDbfs == null ? 0 : 32768 * Math.pow(10, lineNoiseDbfs / 20);
                FakeLine line = new FakeLine(audio, -1, noiseRms, 1);
                String callId = options.callId == null ? "simulated" : options.callId;
                SurveyOutcome result = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {})
                        .run(line, survey, options.language, callId);
                if (recordOut != null) {
                    WavFiles.write(recordOut, line.heardByCaller(), Line.SAMPLE_RATE);
                }
                out.println(SurveyOutcomeJson.toJson(result));
                out.flush();
                return 0;
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    /** Device options shared by the sub-commands that use a real line. */
    static final class DeviceOptions {
        @Option(
                names = "--device",
                paramLabel = "NAME",
                description = "Device for both playback and capture (see cx-agent audio list).")
        String device;

        @Option(names = "--playback", paramLabel = "NAME", description = "Playback device (prompts to the caller).")
        String playback;

        @Option(names = "--capture", paramLabel = "NAME", description = "Capture device (the caller).")
        String capture;

        /** The line the options name; naming none is a usage error. */
        SoundLine open(CommandLine.Model.CommandSpec spec) {
            String play = playback != null ? playback : device;
            String cap = capture != null ? capture : device;
            if (play == null || cap == null) {
                throw ExitStatus.usage(
                        spec,
                        "name the line's devices with --device NAME or --playback NAME --capture NAME"
                                + " (see cx-agent audio list)");
            }
            return SoundLine.open(play, cap);
        }
    }

    /** {@code survey selftest}. */
    @Command(
            name = "selftest",
            mixinStandardHelpOptions = true,
            description = {
                "Plays known DTMF keys into a looped-back line (an echo test number, or the adapter's loopback) and"
                        + " checks that they are decoded from what comes back; says what is wrong and what to"
                        + " change when they are not."
            },
            exitCodeListHeading = ExitStatus.HEADING,
            exitCodeList = {
                "0:the line carries DTMF",
                "1:it does not (see the advice), or a device problem",
                ExitStatus.USAGE_LINE
            })
    static final class SelfTest implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DeviceOptions devices;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LineSelfTest.Report report;
            try (SoundLine line = devices.open(spec)) {
                report = LineSelfTest.run(line);
            } catch (AudioDeviceException e) {
                return fail(spec, e);
            }
            out.println((report.passed() ? "PASS" : "FAIL") + ": sent " + report.sent() + ", decoded "
                    + (report.decoded().isEmpty() ? "nothing" : report.decoded()));
            out.printf(
                    Locale.ROOT,
                    "level %.1f dBFS, delay %s; short quiet keys decoded: %s%n",
                    report.levelDbfs(),
                    report.delayMillis() < 0 ? "-" : report.delayMillis() + " ms",
                    report.marginDecoded().isEmpty() ? "nothing" : report.marginDecoded());
            for (String f : report.findings()) {
                out.println("- " + f);
            }
            out.flush();
            return report.passed() ? 0 : 1;
        }
    }

    /** {@code survey run}: one survey on a real line, now. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "Runs the survey once on a real line (the caller must be on it) and prints the result JSON.")
    static final class RunOnLine implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        DeviceOptions devices;

        @CommandLine.Mixin
        SurveyOptions options;

        @Override
        public Integer call() {
            try {
                SurveyDefinition survey = options.definition();
                String callId = options.callId == null ? "manual" : options.callId;
                try (SoundLine line = devices.open(spec)) {
                    SurveyOutcome result = new SurveyRunner(new PromptLibrary(), Clock.systemUTC(), r -> {})
                            .run(line, survey, options.language, callId);
                    spec.commandLine().getOut().println(SurveyOutcomeJson.toJson(result));
                    spec.commandLine().getOut().flush();
                    return 0;
                }
            } catch (AudioDeviceException | UncheckedIOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    /** {@code survey check FILE.json}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Validates a survey definition and lists its questions.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "FILE.json", description = "The survey definition.")
        Path file;

        @Override
        public Integer call() {
            try {
                SurveyDefinition d = SurveyDefinitions.load(file);
                new PromptLibrary().preload(d);
                PrintWriter out = spec.commandLine().getOut();
                out.println("survey " + d.id() + ": languages " + d.languages() + ", default " + d.defaultLanguage()
                        + (d.languageChoice() == null
                                ? ""
                                : ", language choice " + d.languageChoice().keys()));
                for (Question q : d.questions()) {
                    out.println("  " + q.id() + ": " + q.kind().wire() + " " + q.min() + "-" + q.max() + ", keys "
                            + q.validKeys());
                }
                out.flush();
                return 0;
            } catch (UncheckedIOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    private static int fail(CommandLine.Model.CommandSpec spec, Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        spec.commandLine()
                .getErr()
                .println("cx-agent " + spec.qualifiedName(" ").replaceFirst("^cx-agent ", "") + ": "
                        + m.replace('\n', ' '));
        spec.commandLine().getErr().flush();
        return 1;
    }
}
