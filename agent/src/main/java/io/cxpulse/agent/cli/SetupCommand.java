package io.cxpulse.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.AudioDevices;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.survey.LineSelfTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cx-agent setup}: the first-run set-up of a desk. Finds the headset, checks the line devices, trades the
 * admin's one-time enrolment code for the agent's token, optionally runs the line self-test, and writes the
 * configuration file and the owner-only token file.
 */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = {
            "First-run set-up of this desk: finds the headset, checks the line devices, enrols the agent with the"
                    + " one-time code an admin made in the dashboard (valid 24 hours, single use), runs the line"
                    + " self-test when asked, and writes the configuration and the token (owner-only) for"
                    + " cx-agent desktop.",
            "Exit status: 0 when set up, 1 when a step failed (nothing is written then)."
        })
final class SetupCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "The server's address, e.g. https://cx.example.com.")
    URI server;

    @Option(names = "--code", required = true, description = "The one-time enrolment code from the dashboard.")
    String code;

    @Option(names = "--playback", required = true, description = "Line device the prompts are played to.")
    String playback;

    @Option(names = "--capture", required = true, description = "Line device the caller's keys are heard from.")
    String capture;

    @Option(names = "--headset", description = "Which headset when several are plugged in (see cx-agent hid list).")
    String headset;

    @Option(names = "--language", description = "Survey language (en, zh); default: the caller chooses.")
    String language;

    @Option(
            names = "--self-test",
            description = "Run the line self-test: the line must be looped back (an echo test number, or a loop on"
                    + " the adapter).")
    boolean selfTest;

    @Option(names = "--config", description = "Where to write the configuration (default: the platform's place).")
    Path config;

    @Mixin
    HidPaths hid = new HidPaths();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AgentPaths paths = AgentPaths.forThisUser();
        Path file = config != null ? config : paths.configFile();
        boolean ok = true;

        out.println(line("headset", headsetCheck()));
        for (String[] d : new String[][] {{"playback", playback, "true"}, {"capture", capture, "false"}}) {
            try {
                AudioDevices.find(d[1], Boolean.parseBoolean(d[2]));
                out.println(line(d[0], "ok   " + d[1]));
            } catch (AudioDeviceException e) {
                out.println(line(d[0], "FAIL " + e.getMessage()));
                ok = false;
            }
        }
        if (ok && selfTest) {
            try (SoundLine line = SoundLine.open(playback, capture)) {
                LineSelfTest.Report report = LineSelfTest.run(line);
                out.println(
                        line("selftest", (report.passed() ? "PASS " : "FAIL ") + String.join("; ", report.findings())));
                ok = report.passed();
            } catch (AudioDeviceException e) {
                out.println(line("selftest", "FAIL " + e.getMessage()));
                ok = false;
            }
        }
        if (!ok) {
            out.println("Set-up stopped: fix what failed and run it again (nothing was written).");
            out.flush();
            return 1;
        }
        JsonNode enrolled;
        try {
            enrolled = enrol();
        } catch (IOException e) {
            out.println(line("enrol", "FAIL " + e.getMessage()));
            out.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        String agentId = enrolled.path("agentId").asText();
        out.println(line(
                "enrol",
                "ok   as " + agentId + " (" + enrolled.path("displayName").asText() + ")"));
        try {
            new AgentConfig(
                            server,
                            agentId,
                            headset,
                            playback,
                            capture,
                            language,
                            10,
                            paths.dataDir(),
                            "system",
                            null,
                            hid.sysfs,
                            hid.dev)
                    .save(file);
            AgentConfig.writeToken(file, enrolled.path("token").asText());
        } catch (IOException | IllegalArgumentException e) {
            out.println(line("config", "FAIL " + e.getMessage()));
            out.flush();
            return 1;
        }
        out.println(line("config", "ok   wrote " + file + " and its token (owner only)"));
        out.println("Set up. Start the app with: cx-agent desktop" + (config != null ? " --config " + file : ""));
        out.flush();
        return 0;
    }

    private static String line(String step, String result) {
        return String.format(Locale.ROOT, "%-8s %s", step, result);
    }

    private String headsetCheck() {
        try (HidBackend backend = hid.backend()) {
            for (HidDeviceInfo d : backend.devices()) {
                boolean callControl;
                try {
                    callControl = TelephonyModel.of(ReportDescriptorParser.parse(d.reportDescriptor()))
                            .callControl();
                } catch (HidDescriptorException e) {
                    callControl = false;
                }
                if (callControl && HeadsetManager.matches(headset, d)) {
                    String problem = backend.accessProblem(d);
                    return problem == null ? "ok   " + d.name() + " (" + d.vidPid() + ")" : "FAIL " + problem;
                }
            }
            return "none plugged in yet (the app picks it up when it is)";
        } catch (RuntimeException e) {
            return "FAIL cannot look for headsets: " + e.getMessage();
        }
    }

    /** POST /api/enrol with the code; the answer holds the agent's id and token. */
    private JsonNode enrol() throws IOException, InterruptedException {
        URI uri = URI.create(server.toString().replaceAll("/+$", "") + "/api/enrol");
        String body = JSON.createObjectNode().put("code", code).toString();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            String why = r.body();
            try {
                why = JSON.readTree(r.body()).path("error").asText(r.body());
            } catch (IOException ignored) {
                // not JSON: show it as it came
            }
            throw new IOException("the server refused the code (" + r.statusCode() + "): " + why);
        }
        JsonNode node = JSON.readTree(r.body());
        if (!node.path("token").isTextual() || !node.path("agentId").isTextual()) {
            throw new IOException("the server's answer has no agent id and token");
        }
        return node;
    }
}
