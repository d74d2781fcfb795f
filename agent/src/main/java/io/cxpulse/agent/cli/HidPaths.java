package io.cxpulse.agent.cli;

import io.cxpulse.agent.headset.HeadsetBackends;
import io.cxpulse.agent.hid.HidBackend;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --sysfs} and {@code --dev} options of the commands that open HID devices, and the backend they give. */
final class HidPaths {
    @Option(names = "--sysfs", description = "sysfs root (Linux; default ${DEFAULT-VALUE}).", defaultValue = "/sys")
    Path sysfs = Path.of("/sys");

    @Option(names = "--dev", description = "Device directory (Linux; default ${DEFAULT-VALUE}).", defaultValue = "/dev")
    Path dev = Path.of("/dev");

    /** This machine's HID backend, looking for devices where the options say. */
    HidBackend backend() {
        return HeadsetBackends.forThisOs(sysfs, dev);
    }
}
