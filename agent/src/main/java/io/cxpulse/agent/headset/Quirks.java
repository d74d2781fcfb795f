package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.HidDeviceInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Per-device behaviour a report descriptor cannot tell, read from {@code native-config/quirks.conf}: one device per
 * line, {@code vvvv:pppp key=value ...}; keys {@code echo-window-ms=N} and {@code ignore=true}; {@code #} starts a
 * comment.
 */
public final class Quirks {
    /** The resource packed into the agent jar. */
    public static final String RESOURCE = "native-config/quirks.conf";

    /** No quirks at all. */
    public static final Quirks NONE = new Quirks(Map.of());

    /** What is known about one device model. */
    public record Quirk(Optional<Duration> echoWindow, boolean ignore) {
        static final Quirk NONE = new Quirk(Optional.empty(), false);
    }

    private final Map<String, Quirk> byVidPid;

    private Quirks(Map<String, Quirk> byVidPid) {
        this.byVidPid = Map.copyOf(byVidPid);
    }

    /** The quirks shipped with the agent. */
    public static Quirks bundled() {
        try (InputStream in = Quirks.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return NONE;
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Parses the data file; a bad line gives an {@link IllegalArgumentException} naming it. */
    public static Quirks parse(String text) {
        Map<String, Quirk> map = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String vidPid = parts[0].toLowerCase(Locale.ROOT);
            if (!vidPid.matches("[0-9a-f]{4}:[0-9a-f]{4}")) {
                throw new IllegalArgumentException("quirks line " + (i + 1) + ": '" + parts[0] + "' is not vvvv:pppp");
            }
            Optional<Duration> echo = Optional.empty();
            boolean ignore = false;
            for (int p = 1; p < parts.length; p++) {
                String[] kv = parts[p].split("=", 2);
                String value = kv.length == 2 ? kv[1] : "";
                switch (kv[0]) {
                    case "echo-window-ms" -> {
                        try {
                            long ms = Long.parseLong(value);
                            if (ms < 0 || ms > 10_000) {
                                throw new NumberFormatException();
                            }
                            echo = Optional.of(Duration.ofMillis(ms));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("quirks line " + (i + 1)
                                    + ": echo-window-ms must be 0..10000, got '" + value + "'");
                        }
                    }
                    case "ignore" -> ignore = Boolean.parseBoolean(value);
                    default ->
                        throw new IllegalArgumentException("quirks line " + (i + 1) + ": unknown key '" + kv[0] + "'");
                }
            }
            map.put(vidPid, new Quirk(echo, ignore));
        }
        return new Quirks(map);
    }

    /** The quirks of a device (none when it is not listed). */
    public Quirk of(HidDeviceInfo device) {
        return byVidPid.getOrDefault(device.vidPid(), Quirk.NONE);
    }

    public int size() {
        return byVidPid.size();
    }
}
