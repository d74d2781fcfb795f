package io.cxpulse.agent.cli;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.config.LineConfig;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.line.LineHook;
import io.cxpulse.agent.line.sip.SipHandset;
import io.cxpulse.agent.line.sip.SipPhone;
import io.cxpulse.agent.line.sip.SipSettings;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.link.PrivateCa;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
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
import picocli.CommandLine.ParseResult;
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
            description = "With --line device: line device the prompts are played to (see `cx-agent audio list`).")
    String playback;

    @Option(names = "--capture", description = "With --line device: line device the caller's keys are heard from.")
    String capture;

    @Option(
            names = "--config",
            description = "Configuration file whose line fields (line, line.hook, sip.*, headset.audio; see"
                    + " docs/line.md) stand in for the --line, --line-hook, --sip-* and --headset-audio options not"
                    + " given.")
    Path config;

    @Option(
            names = "--line",
            defaultValue = "device",
            description = "Where calls come from: device (a USB phone adapter; --playback, --capture) or sip (this"
                    + " agent is the phone: --sip-uri; default: ${DEFAULT-VALUE}).")
    String line = "device";

    @Option(
            names = "--line-hook",
            description = "With --line device: the phone adapter whose HID line hook (Telephony Hook Switch or LED"
                    + " Off-Hook output) holds the line off hook during the survey: part of its name, serial, VID:PID"
                    + " or path (see `cx-agent hid list`; default: none).")
    String lineHook;

    @Option(names = "--sip-uri", description = "With --line sip: this agent's address, sip:USER@DOMAIN.")
    String sipUri;

    @Option(names = "--sip-registrar", description = "With --line sip: the registrar, HOST:PORT (default: none).")
    String sipRegistrar;

    @Option(names = "--sip-password-file", description = "With --line sip: file holding the SIP password.")
    Path sipPasswordFile;

    @Option(
            names = "--sip-listen",
            defaultValue = "0.0.0.0:5060",
            description = "With --line sip: where to listen (UDP and TCP), HOST:PORT (default: ${DEFAULT-VALUE}).")
    String sipListen = "0.0.0.0:5060";

    @Option(
            names = "--sip-transport",
            defaultValue = "udp",
            description = "With --line sip: udp, tcp or tls toward the registrar (the outbound proxy) and for the"
                    + " calls this agent places (default: ${DEFAULT-VALUE}).")
    String sipTransport = "udp";

    @Option(
            names = "--sip-keepalive",
            defaultValue = "30",
            description = "With --line sip and a registrar: seconds between keep-alives toward it, a CRLF ping on"
                    + " tcp and tls, an OPTIONS request on udp; 0: none (default: ${DEFAULT-VALUE}).")
    int sipKeepAlive = 30;

    @Option(
            names = "--sip-ca-file",
            description = "With --sip-transport tls: PEM file of the certificate authority that signed the PBX's"
                    + " certificate (default: the system's authorities).")
    Path sipCaFile;

    @Option(
            names = "--headset-audio",
            description = "With --line sip: the headset's own audio device (see `cx-agent audio list`), or none for"
                    + " a machine without a sound card (default: the device named like the headset).")
    String headsetAudio;

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
        spec.commandLine()
                .getOut()
                .println("cx-agent running as " + agentId + " for "
                        + String.join(
                                ",", server.servers.stream().map(URI::toString).toList()));
        if (running.phone() != null) {
            spec.commandLine()
                    .getOut()
                    .println("SIP line " + sipUri + " listening on port "
                            + running.phone().port());
            spec.commandLine().getOut().println("Line console: " + LineConsole.HELP);
            LineConsole console = new LineConsole(running.handset(), running.headsets()::active);
            PrintWriter out = spec.commandLine().getOut();
            Thread t = new Thread(
                    () -> console.serve(
                            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out),
                    "cx-line-console");
            t.setDaemon(true);
            t.start();
        }
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /**
     * The running desk, headset, and SIP phone and handset (null with --line device); closing stops them, keeping
     * unsent events.
     */
    record Running(
            Desk desk,
            HeadsetManager headsets,
            SipPhone phone,
            SipHandset handset,
            LineHook hook,
            HidBackend hookBackend)
            implements AutoCloseable {
        Running(Desk desk, HeadsetManager headsets, SipPhone phone, SipHandset handset) {
            this(desk, headsets, phone, handset, null, null);
        }

        @Override
        public void close() {
            if (phone != null) {
                phone.close();
                handset.close();
            }
            headsets.close();
            if (hook != null) {
                hook.close();
                hookBackend.close();
            }
            try {
                desk.close();
            } catch (IOException e) {
                throw new IllegalStateException("closing the outbox: " + e.getMessage(), e);
            }
        }
    }

    /** Who this desk is to the server, trusting the private CA of --ca-file when one is given. */
    private Desk.Identity identity(String token) throws IOException {
        return new Desk.Identity(server.servers, agentId, token, caFile == null ? null : PrivateCa.trusting(caFile));
    }

    /** Takes the line's settings of the configuration file for the line options not given. */
    private void lineFromConfig() throws IOException {
        if (config == null) {
            return;
        }
        LineConfig c = LineConfig.load(config);
        ParseResult given = spec.commandLine().getParseResult();
        line = unlessGiven(given, "--line", line, c.line());
        sipUri = unlessGiven(given, "--sip-uri", sipUri, c.sipUri());
        sipRegistrar = unlessGiven(given, "--sip-registrar", sipRegistrar, c.sipRegistrar());
        sipPasswordFile = unlessGiven(given, "--sip-password-file", sipPasswordFile, c.sipPasswordFile());
        sipListen = unlessGiven(given, "--sip-listen", sipListen, c.sipListen());
        sipTransport = unlessGiven(given, "--sip-transport", sipTransport, c.sipTransport());
        sipKeepAlive = unlessGiven(given, "--sip-keepalive", sipKeepAlive, c.sipKeepAliveSeconds());
        sipCaFile = unlessGiven(given, "--sip-ca-file", sipCaFile, c.sipCaFile());
        headsetAudio = unlessGiven(given, "--headset-audio", headsetAudio, c.headsetAudio());
        lineHook = unlessGiven(given, "--line-hook", lineHook, c.lineHook());
    }

    /** The option's value when the command line gave it, else the configuration file's. */
    private static <T> T unlessGiven(ParseResult given, String option, T value, T fromFile) {
        return given.hasMatchedOption(option) ? value : fromFile;
    }

    /** Assembles and starts the agent from the options. */
    Running start() throws IOException {
        lineFromConfig();
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
        if ("sip".equals(line)) {
            return startSip(token, survey, dir);
        }
        if (!"device".equals(line)) {
            throw new IllegalArgumentException("--line must be device or sip, not " + line);
        }
        if (playback == null || capture == null) {
            throw new IllegalArgumentException(
                    "--line device needs --playback and --capture (see `cx-agent audio list`)");
        }
        HidBackend hookBackend = null;
        LineHook hook = null;
        if (lineHook != null) {
            hookBackend = hid.backend();
            try {
                hook = LineHook.open(hookBackend, lineHook);
            } catch (IOException e) {
                hookBackend.close();
                throw e;
            }
        }
        LineHook held = hook;
        Desk desk = new Desk(
                identity(token),
                dir.resolve("outbox"),
                survey,
                new PromptLibrary(),
                new SurveyPolicy(minTalkSeconds * 1000L),
                new Desk.SurveyLine() {
                    @Override
                    public Line open(CallSummary call) {
                        Line line = SoundLine.open(playback, capture);
                        if (held == null) {
                            return line;
                        }
                        try {
                            return held.hold(line); // off hook until the survey closes the line
                        } catch (IOException e) {
                            LoggerFactory.getLogger(RunCommand.class)
                                    .warn("line hook: the line could not be taken off hook: {}", e.getMessage());
                            return line;
                        }
                    }

                    @Override
                    public String language(CallSummary call) {
                        return language;
                    }
                },
                RunCommand::logLink);
        desk.followPrograms(dir.resolve("program"));
        HeadsetManager headsets = new HeadsetManager(
                hid.backend(),
                headset,
                desk.headsetListener(),
                Clock.systemUTC(),
                Duration.ofMillis(echoWindowMs),
                Quirks.bundled());
        desk.start();
        headsets.start();
        return new Running(desk, headsets, null, null, hook, hookBackend);
    }

    private static void logLink(LinkStatus status) {
        LoggerFactory.getLogger(RunCommand.class)
                .info(
                        "Server link: {} {} ({} events waiting)",
                        status.state(),
                        status.detail(),
                        status.pendingEvents());
    }

    /** The agent as the SIP phone: the headset is the handset, the survey runs on the caller's leg. */
    private Running startSip(String token, SurveyDefinition survey, Path dir) throws IOException {
        if (playback != null || capture != null) {
            throw new IllegalArgumentException("--playback and --capture are for --line device; with --line sip the"
                    + " survey plays on the caller's leg and the headset's audio is --headset-audio");
        }
        String[] aor = SipSettings.parseUri(sipUri);
        String password = null;
        if (sipPasswordFile != null) {
            password = Files.readString(sipPasswordFile, StandardCharsets.UTF_8).strip();
        }
        SipSettings settings = new SipSettings(
                aor[0],
                aor[1],
                SipSettings.parseHostPort("--sip-listen", sipListen, 5060),
                sipRegistrar == null
                        ? null
                        : SipSettings.parseHostPort(
                                "--sip-registrar", sipRegistrar, "tls".equalsIgnoreCase(sipTransport) ? 5061 : 5060),
                password,
                sipTransport,
                sipKeepAlive,
                sipCaFile);
        SipHandset.HeadsetAudio audio = null;
        if (!"none".equalsIgnoreCase(headsetAudio)) {
            String device = headsetAudio != null ? headsetAudio : headset;
            if (device == null) {
                throw new IllegalArgumentException("--line sip needs --headset-audio NAME (see `cx-agent audio list`)"
                        + " or --headset-audio none");
            }
            audio = () -> SoundLine.open(device, device);
        }
        SipHandset handset = new SipHandset(Clock.systemUTC(), audio, language);
        Desk desk = new Desk(
                identity(token),
                dir.resolve("outbox"),
                survey,
                new PromptLibrary(),
                new SurveyPolicy(minTalkSeconds * 1000L),
                handset,
                RunCommand::logLink);
        handset.bind(desk);
        desk.followPrograms(dir.resolve("program"));
        HeadsetManager headsets = new HeadsetManager(
                hid.backend(), headset, handset, Clock.systemUTC(), Duration.ofMillis(echoWindowMs), Quirks.bundled());
        handset.headset(headsets::active);
        SipPhone phone;
        try {
            phone = SipPhone.start(settings, handset);
        } catch (IOException e) {
            headsets.close();
            desk.close();
            throw e;
        }
        handset.phone(phone);
        desk.start();
        headsets.start();
        return new Running(desk, headsets, phone, handset);
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
