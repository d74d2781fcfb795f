package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.hidapi.Hid4JavaBackend;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.nio.file.Path;
import java.util.Locale;

/** Chooses the HID backend through which this operating system's headsets are reached. */
public final class HeadsetBackends {
    private HeadsetBackends() {}

    /** hidraw on Linux ({@code /sys}, {@code /dev}), hidapi through hid4java elsewhere. */
    public static HidBackend forThisOs() {
        return forThisOs(Path.of("/sys"), Path.of("/dev"));
    }

    /**
     * Like {@link #forThisOs()}, with the Linux sysfs root and device directory given. On hidapi, a device's
     * collection with call control is the one used.
     */
    public static HidBackend forThisOs(Path sysfsRoot, Path devDir) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return new HidrawBackend(sysfsRoot, devDir, LibC.load());
        }
        return new Hid4JavaBackend(descriptor -> TelephonyModel.of(descriptor).callControl());
    }
}
