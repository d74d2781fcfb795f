package io.cxpulse.agent.hid;

import io.cxpulse.agent.hid.hidapi.Hid4JavaBackend;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses the HID backend of the operating system the agent runs on. */
public final class HidBackends {
    private HidBackends() {}

    /** hidraw on Linux ({@code /sys}, {@code /dev}), hidapi through hid4java elsewhere. */
    public static HidBackend forThisOs() {
        return forThisOs(Path.of("/sys"), Path.of("/dev"));
    }

    /** Like {@link #forThisOs()}, with the Linux sysfs root and device directory given. */
    public static HidBackend forThisOs(Path sysfsRoot, Path devDir) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return new HidrawBackend(sysfsRoot, devDir, LibC.load());
        }
        return new Hid4JavaBackend();
    }
}
