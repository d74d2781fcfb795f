package io.cxpulse.agent.cli;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.link.PrivateCa;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cx-agent run}: the agent at a real desk, with a USB headset and a line device. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the agent: follows the USB headset's hook switch and mute, and when the agent hangs up an eligible"
                    + " call, runs the post-call survey on the line device. Calls and results go to the server;"
                    + " while it is unreachable they wait in the outbox under --data-dir.",
            "The token is read from --token-file, else from the CX_AGENT_TOKEN environment variable."
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server = new ServerOption();

    @Option(names = "--agent-id", required = true, description = "This agent's id, as provisioned on the server.")
    String agentId;

    @Option(names = "--token-file", description = "File holding this agent's token.")
    Path tokenFile;

    @Option(
            names = "--ca-file",
            description = "PEM file of the certificate authority that signed the server's certificate, for an"
                    + " https:// server whose certificate a private CA issued.")
    Path caFile;

    @Option(
            names = "--headset",
            description =
                    "Which headset to use when several are plugged in: part of its name, serial, VID:PID or path (see `cx-agent hid list`).")
    String headset;

    @Option(
            names = "--playback",
            required = true,
            description = "Line device the prompts are played to (see `cx-agent audio list`).")
    String playback;

    @Option(names = "--capture", required = true, description = "Line device the caller's keys are heard from.")
    String capture;

    @Option(
            names = "--language",
            description =
                    "Survey language (en, zh); default: the caller chooses when the survey asks, else the survey's first language.")
    String language;

    @Mixin
    SurveyFileOption survey = new SurveyFileOption();

    @Option(
            names = "--min-talk",
            defaultValue = "10",
            description = "Calls with less talk time, in seconds, are not surveyed (default: ${DEFAULT-VALUE}).")
    int minTalkSeconds;

    @Option(names = "--data-dir", description = "Where the outbox is kept (default: ~/.cx-agent).")
    Path dataDir;

    @Option(
            names = "--echo-window",
            defaultValue = "500",
            description =
                    "Milliseconds after the host sets Off-Hook in which the headset's hook reports are echoes (default: ${DEFAULT-VALUE}).")
    int echoWindowMs;

    @Mixin
    HidPaths hid = new HidPaths();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Running running;
        try {
            running = start();
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitStatus.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            stopped.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("cx-agent running as " + agentId + " for " + server.server);
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** The running desk and headset; closing stops both and keeps unsent events in the outbox. */
    record Running(Desk desk, HeadsetManager headsets) implements AutoCloseable {
        @Override
        public void close() {
            headsets.close();
            try {
                desk.close();
            } catch (IOException e) {
                throw new IllegalStateException("closing the outbox: " + e.getMessage(), e);
            }
        }
    }

    /** Assembles and starts the agent from the options. */
    Running start() throws IOException {
        String token = token();
        SurveyDefinition survey = this.survey.load();
        if (language != null && !survey.languages().contains(language)) {
            throw new IllegalArgumentException(
                    "--language " + language + " is not one of the survey's languages " + survey.languages());
        }
        if (minTalkSeconds < 0 || echoWindowMs < 0) {
            throw new IllegalArgumentException("--min-talk and --echo-window must not be negative");
        }
        Path dir = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".cx-agent");
        Desk desk = new Desk(
                new Desk.Identity(server.server, agentId, token, caFile == null ? null : PrivateCa.trusting(caFile)),
                dir.resolve("outbox"),
                survey,
                new PromptLibrary(),
                new SurveyPolicy(minTalkSeconds * 1000L),
                new Desk.SurveyLine() {
                    @Override
                    public Line open(CallSummary call) {
                        return SoundLine.open(playback, capture);
                    }

                    @Override
                    public String language(CallSummary call) {
                        return language;
                    }
                },
                status -> LoggerFactory.getLogger(RunCommand.class)
                        .info(
                                "Server link: {} {} ({} events waiting)",
                                status.state(),
                                status.detail(),
                                status.pendingEvents()));
        HeadsetManager headsets = new HeadsetManager(
                hid.backend(),
                headset,
                desk.headsetListener(),
                Clock.systemUTC(),
                Duration.ofMillis(echoWindowMs),
                Quirks.bundled());
        desk.start();
        headsets.start();
        return new Running(desk, headsets);
    }

    private String token() throws IOException {
        if (tokenFile != null) {
            String t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
            if (t.isEmpty()) {
                throw new IOException("token file " + tokenFile + " is empty");
            }
            return t;
        }
        String env = System.getenv("CX_AGENT_TOKEN");
        if (env == null || env.isBlank()) {
            throw new IllegalArgumentException("no token: pass --token-file FILE or set CX_AGENT_TOKEN");
        }
        return env.trim();
    }
}
