package io.cxpulse.agent.hid.linux;

import io.cxpulse.agent.hid.HidDeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds hidraw devices through sysfs: {@code <root>/class/hidraw/hidrawN/device/report_descriptor} and
 * {@code uevent} (HID_ID, HID_NAME, HID_UNIQ), which any user may read. Device nodes are {@code <devDir>/hidrawN}.
 */
public final class SysfsHidraw {
    private static final Logger log = LoggerFactory.getLogger(SysfsHidraw.class);

    private final Path sysfsRoot;
    private final Path devDir;
    private final Function<Path, Optional<byte[]>> descriptorFromNode;

    /**
     * @param descriptorFromNode reads a descriptor from the device node when sysfs does not offer it (ioctl)
     */
    public SysfsHidraw(Path sysfsRoot, Path devDir, Function<Path, Optional<byte[]>> descriptorFromNode) {
        this.sysfsRoot = sysfsRoot;
        this.devDir = devDir;
        this.descriptorFromNode = descriptorFromNode;
    }

    public Path classDir() {
        return sysfsRoot.resolve("class").resolve("hidraw");
    }

    public Path devDir() {
        return devDir;
    }

    /** Every hidraw device in sysfs, by name order (hidraw0, hidraw1, ... hidraw10). */
    public List<HidDeviceInfo> scan() {
        List<String> names = new ArrayList<>();
        Path dir = classDir();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "hidraw*")) {
                entries.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                log.warn("cannot list {}: {}", dir, e.toString());
            }
        }
        names.sort((a, b) -> Integer.compare(number(a), number(b)));
        List<HidDeviceInfo> devices = new ArrayList<>();
        for (String name : names) {
            read(name).ifPresent(devices::add);
        }
        return devices;
    }

    private static int number(String name) {
        try {
            return Integer.parseInt(name.substring("hidraw".length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** One device's facts, or empty when its sysfs entry is incomplete (e.g. it is being removed). */
    public Optional<HidDeviceInfo> read(String name) {
        Path device = classDir().resolve(name).resolve("device");
        try {
            byte[] descriptor;
            try {
                descriptor = Files.readAllBytes(device.resolve("report_descriptor"));
            } catch (IOException e) {
                Optional<byte[]> fromNode = descriptorFromNode.apply(devDir.resolve(name));
                if (fromNode.isEmpty()) {
                    throw e;
                }
                descriptor = fromNode.get();
            }
            Map<String, String> uevent = uevent(Files.readString(device.resolve("uevent"), StandardCharsets.UTF_8));
            String[] id =
                    uevent.getOrDefault("HID_ID", "0000:00000000:00000000").split(":");
            if (id.length != 3) {
                log.warn("{}: unexpected HID_ID '{}'", name, uevent.get("HID_ID"));
                return Optional.empty();
            }
            return Optional.of(new HidDeviceInfo(
                    devDir.resolve(name).toString(),
                    busName(Integer.parseInt(id[0], 16)),
                    (int) Long.parseLong(id[1], 16),
                    (int) Long.parseLong(id[2], 16),
                    uevent.getOrDefault("HID_NAME", ""),
                    uevent.getOrDefault("HID_UNIQ", ""),
                    descriptor));
        } catch (IOException | NumberFormatException e) {
            // Normal while a device is being added or removed.
            log.trace("{}: sysfs entry not readable: {}", name, e.toString());
            return Optional.empty();
        }
    }

    static Map<String, String> uevent(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }

    static String busName(int bus) {
        return switch (bus) {
            case 0x03 -> "usb";
            case 0x05 -> "bluetooth";
            case 0x06 -> "virtual";
            case 0x18 -> "i2c";
            default -> String.format("bus-%04x", bus);
        };
    }
}
