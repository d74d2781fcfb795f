package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.AudioDevices;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.config.LineConfig;
import io.cxpulse.agent.headset.HeadsetBackends;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cx-agent doctor}: checks the configuration file, the token, the headset, the line devices and the server, one
 * line each, and says what to fix. Exit status 0 when all is well, 1 otherwise.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Checks the desktop agent's set-up: the configuration file, the token file, the headset, the line devices"
                    + " (or, with line = sip, the SIP registration and a test call's codecs and keys) and the server"
                    + " (reachable, token accepted). One line per check: ok or FAIL, and what to fix.",
            "Exit status: 0 when every check passes, 1 otherwise."
        })
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "Configuration file (default: agent.properties in this user's configuration directory).")
    Path config;

    /** One check's outcome; {@code fix} says what to do when it failed. */
    record Check(String name, boolean ok, String detail, String fix) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Check> checks =
                run(config != null ? config : AgentPaths.forThisUser().configFile());
        for (Check c : checks) {
            out.printf("%-8s %-4s %s%n", c.name(), c.ok() ? "ok" : "FAIL", c.detail());
            if (!c.ok() && c.fix() != null) {
                out.printf("%-8s      fix: %s%n", "", c.fix());
            }
        }
        out.flush();
        return checks.stream().allMatch(Check::ok) ? 0 : 1;
    }

    /** Every check, in order; later checks are skipped when the configuration cannot be read. */
    static List<Check> run(Path file) {
        List<Check> checks = new ArrayList<>();
        AgentConfig c;
        try {
            c = AgentConfig.load(file, AgentPaths.forThisUser());
            checks.add(new Check("config", true, file.toString(), null));
        } catch (IOException e) {
            checks.add(new Check(
                    "config",
                    false,
                    "cannot read " + file + ": " + e.getMessage(),
                    "set this desk up: start cx-agent desktop (it opens its set-up window) or run cx-agent setup"
                            + " --server URL --code CODE --playback DEVICE --capture DEVICE"));
            return checks;
        } catch (IllegalArgumentException e) {
            checks.add(new Check("config", false, e.getMessage(), "correct that field (see docs/agent-desktop.md)"));
            return checks;
        }
        String token = null;
        Path tokenFile = AgentConfig.tokenFile(file);
        try {
            token = AgentConfig.readToken(file);
            String perms = ownerOnly(tokenFile);
            checks.add(
                    perms == null
                            ? new Check("token", true, tokenFile + " (owner only)", null)
                            : new Check(
                                    "token",
                                    false,
                                    tokenFile + " is readable by others (" + perms + ")",
                                    "chmod 600 " + tokenFile));
        } catch (IOException e) {
            checks.add(new Check(
                    "token",
                    false,
                    e.getMessage(),
                    "put this agent's token in " + tokenFile + ", owner only (install -m 600 /dev/stdin " + tokenFile
                            + ")"));
        }
        checks.add(headset(c));
        LineConfig line;
        try {
            line = LineConfig.load(file);
        } catch (IOException | IllegalArgumentException e) {
            checks.add(new Check("line", false, e.getMessage(), "correct that field (see docs/line.md)"));
            line = null;
        }
        if (line != null && line.sip()) {
            checks.addAll(SipChecks.run(line));
        } else if (line != null) {
            checks.add(device("playback", c.playback(), true));
            checks.add(device("capture", c.capture(), false));
        }
        if (token != null) {
            checks.add(server(c, token));
        }
        return checks;
    }

    private static String ownerOnly(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return null;
        }
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        for (PosixFilePermission bad : Set.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE)) {
            if (p.contains(bad)) {
                return PosixFilePermissions.toString(p);
            }
        }
        return null;
    }

    private static Check headset(AgentConfig c) {
        try (HidBackend backend = HeadsetBackends.forThisOs(c.hidSysfs(), c.hidDev())) {
            List<String> others = new ArrayList<>();
            for (HidDeviceInfo d : backend.devices()) {
                boolean callControl;
                try {
                    callControl = TelephonyModel.of(ReportDescriptorParser.parse(d.reportDescriptor()))
                            .callControl();
                } catch (HidDescriptorException e) {
                    callControl = false;
                }
                if (!callControl || !HeadsetManager.matches(c.headset(), d)) {
                    others.add(d.name());
                    continue;
                }
                String problem = backend.accessProblem(d);
                return problem == null
                        ? new Check("headset", true, d.name() + " (" + d.vidPid() + "), call control", null)
                        : new Check("headset", false, d.name() + " cannot be opened", problem);
            }
            String which = c.headset() == null ? "" : " matching \"" + c.headset() + "\"";
            return new Check(
                    "headset",
                    false,
                    "no headset with call control" + which + (others.isEmpty() ? "" : "; seen: " + others),
                    "plug the headset in (cx-agent hid list shows what is seen)");
        } catch (RuntimeException e) {
            return new Check("headset", false, "cannot look for headsets: " + e.getMessage(), null);
        }
    }

    private static Check device(String name, String device, boolean playback) {
        try {
            AudioDevices.find(device, playback);
            return new Check(name, true, device, null);
        } catch (AudioDeviceException e) {
            return new Check(name, false, e.getMessage(), "set " + name + " to a device cx-agent audio list shows");
        }
    }

    /** Says hello with the token and waits for the welcome (or the refusal). */
    private static Check server(AgentConfig c, String token) {
        var endpoint = ServerLink.agentEndpoint(c.server());
        CompletableFuture<Message> answer = new CompletableFuture<>();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        WebSocket ws = null;
        try {
            ws = http.newWebSocketBuilder()
                    .buildAsync(endpoint, new WebSocket.Listener() {
                        private final StringBuilder frame = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            frame.append(data);
                            if (last) {
                                try {
                                    answer.complete(WireCodec.decode(frame.toString()));
                                } catch (ProtocolException e) {
                                    answer.completeExceptionally(e);
                                }
                            }
                            w.request(1);
                            return null;
                        }
                    })
                    .get(10, TimeUnit.SECONDS);
            ws.sendText(WireCodec.encode(new Hello(c.agentId(), token, "cx-agent doctor")), true);
            Message m = answer.get(10, TimeUnit.SECONDS);
            if (m instanceof Welcome w) {
                return new Check("server", true, c.server() + ": token accepted for " + w.agentId(), null);
            }
            if (m instanceof ErrorMessage e) {
                return new Check(
                        "server",
                        false,
                        c.server() + " refused the token: " + e.message(),
                        "enrol this agent again, or ask an admin for its token");
            }
            return new Check(
                    "server", false, c.server() + " answered " + m.getClass().getSimpleName(), null);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Check(
                    "server",
                    false,
                    "cannot reach " + endpoint + ": " + cause,
                    "check the server address and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("server", false, "interrupted", null);
        } finally {
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
