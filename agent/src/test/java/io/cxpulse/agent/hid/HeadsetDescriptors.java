package io.cxpulse.agent.hid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real headset report descriptors kept as test resources under {@code hid-descriptors/} (one {@code .hex} file per
 * device, with their provenance in that folder's README) and the layout its README table expects of each.
 */
public final class HeadsetDescriptors {
    private HeadsetDescriptors() {}

    /** One position from the table: report ID, bit offset and (for inputs) the form. */
    public record Position(int reportId, int bitOffset, String form) {}

    /** One README row; a null position means the table says "none" or "-". */
    public record Row(
            String name,
            String vidPid,
            Position hook,
            Position mute,
            Position offHook,
            Position muteLed,
            Position ring,
            Position ringer) {
        public byte[] bytes() {
            try {
                return DescriptorFiles.decode(Files.readAllBytes(dir().resolve(name + ".hex")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The resource folder, as a directory on disk (Maven copies test resources to {@code target/test-classes}). */
    public static Path dir() {
        URL url = HeadsetDescriptors.class.getResource("/hid-descriptors/README.md");
        if (url == null) {
            throw new IllegalStateException("test resource hid-descriptors/README.md is missing from the class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The descriptor bytes of the device {@code name} (a file name of the table, without {@code .hex}). */
    public static byte[] bytes(String name) {
        return rows().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no headset descriptor named " + name))
                .bytes();
    }

    private static final Pattern POSITION = Pattern.compile("(\\d+) @(\\d+)(?: (\\w[\\w-]*))?");

    /** Every row of the README table. */
    public static List<Row> rows() {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir().resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("| ") || line.startsWith("| file") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            String name = cells[0].trim().split(" ")[0];
            Position hook = position(cells[2]);
            Position mute = position(cells[3]);
            Position[] leds = {null, null, null};
            if (!cells[4].trim().equals("none")) {
                String[] parts = cells[4].split("/");
                for (int i = 0; i < 3; i++) {
                    leds[i] = position(parts[i]);
                }
            }
            rows.add(new Row(name, cells[1].trim(), hook, mute, leds[0], leds[1], leds[2], position(cells[5])));
        }
        if (rows.size() < 13) {
            throw new AssertionError("README table of " + dir() + " has only " + rows.size() + " rows");
        }
        return rows;
    }

    private static Position position(String cell) {
        Matcher m = POSITION.matcher(cell.trim());
        if (!m.matches()) {
            return null;
        }
        return new Position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
    }
}
