package io.cxpulse.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.audio.AudioDevices;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.survey.LineSelfTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of a desk's first-run set-up, shared by {@code cx-agent setup} and the app's set-up window: find the
 * headset, list the line devices, run the line self-test, trade the admin's one-time code for the agent's token, and
 * write the configuration and the token, both readable by their owner only. Every step does device or network work:
 * call them off the Swing event thread.
 */
public final class DeskSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeskSetup() {}

    /**
     * The headset with call control that the selector picks.
     *
     * @param name its product name
     * @param vidPid its vendor and product id
     * @param problem why this user may not open it and how to fix that; null when it may
     */
    public record Headset(String name, String vidPid, String problem) {}

    /** The line devices, by name: those that play (the prompts) and those that capture (the caller's keys). */
    public record Devices(List<String> playback, List<String> capture) {
        public Devices {
            playback = List.copyOf(playback);
            capture = List.copyOf(capture);
        }
    }

    /** What the server answered the enrolment code with: the agent's id, name and token. */
    public record Enrolled(String agentId, String displayName, String token) {
        @Override
        public String toString() {
            return "Enrolled[" + agentId + ", " + displayName + "]"; // never the token
        }
    }

    /**
     * The headset with call control that {@code selector} picks (any when null), as {@code cx-agent hid list} finds
     * them; empty when none is plugged in.
     */
    public static Optional<Headset> headset(HidBackend backend, String selector) {
        for (HidDeviceInfo d : backend.devices()) {
            boolean callControl;
            try {
                callControl = TelephonyModel.of(ReportDescriptorParser.parse(d.reportDescriptor()))
                        .callControl();
            } catch (HidDescriptorException e) {
                callControl = false;
            }
            if (callControl && HeadsetManager.matches(selector, d)) {
                return Optional.of(new Headset(d.name(), d.vidPid(), backend.accessProblem(d)));
            }
        }
        return Optional.empty();
    }

    /** The line devices, as {@code cx-agent audio list} shows them. */
    public static Devices devices() {
        List<String> playback = new ArrayList<>();
        List<String> capture = new ArrayList<>();
        for (AudioDevices.Device d : AudioDevices.list()) {
            if (d.playback()) {
                playback.add(d.name());
            }
            if (d.capture()) {
                capture.add(d.name());
            }
        }
        return new Devices(playback, capture);
    }

    /**
     * Runs the line self-test on the devices (about 4 s); the line must be looped back. Throws {@link
     * io.cxpulse.agent.audio.AudioDeviceException} when a device cannot be opened.
     */
    public static LineSelfTest.Report selfTest(String playback, String capture) {
        try (SoundLine line = SoundLine.open(playback, capture)) {
            return LineSelfTest.run(line);
        }
    }

    /** The server's address as typed: {@code http://} or {@code https://} and a host; a bare host means https. */
    public static URI serverAddress(String typed) {
        String s = typed == null ? "" : typed.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the server's address is empty");
        }
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an address: " + typed.strip(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http:// or https:// address: " + typed.strip());
        }
        return uri;
    }

    /** POST /api/enrol with the code; the server's answer, or why it refused. */
    public static Enrolled enrol(URI server, String code) throws IOException, InterruptedException {
        URI uri = URI.create(server.toString().replaceAll("/+$", "") + "/api/enrol");
        String body = JSON.createObjectNode().put("code", code).toString();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException(
                    "cannot reach " + server + ": "
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()),
                    e);
        }
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
        return new Enrolled(
                node.path("agentId").asText(),
                node.path("displayName").asText(),
                node.path("token").asText());
    }

    /**
     * Writes the configuration and the token next to it. A configuration directory made here is its owner's only
     * (mode 0700 on Linux and macOS), and so are both files (0600).
     */
    public static void write(Path file, AgentConfig config, String token) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        config.save(file);
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        AgentConfig.writeToken(file, token);
    }

    /** A new desk's configuration: the defaults but for what the set-up asked. */
    public static AgentConfig config(
            URI server,
            String agentId,
            String headset,
            String playback,
            String capture,
            String language,
            AgentPaths paths,
            Locale locale,
            Path hidSysfs,
            Path hidDev) {
        return new AgentConfig(
                server,
                agentId,
                headset,
                playback,
                capture,
                language,
                10,
                paths.dataDir(),
                "system",
                locale,
                hidSysfs,
                hidDev);
    }
}
