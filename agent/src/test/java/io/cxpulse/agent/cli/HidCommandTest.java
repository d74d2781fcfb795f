package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.linux.Udev;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HidCommandTest extends InProcessCli {

    @Test
    void describePrintsTheStableJsonForHexText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("headset.hex");
        Files.writeString(file, """
                05 0b 09 05 a1 01 15 00 25 01 75 01 85 01 09 20 95 01 81 22
                09 2f 09 23 95 02 81 06 95 05 81 01
                05 08 85 02 09 17 09 09 09 18 09 20 95 04 91 22 95 04 91 01 c0
                """);
        assertThat(run("hid", "describe", file.toString())).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("{\"callControl\": true, \"inputs\": ["
                        + "{\"usage\": \"hook-switch\", \"reportId\": 1, \"bitOffset\": 0, \"bitSize\": 1, \"form\": \"absolute\"}, "
                        + "{\"usage\": \"phone-mute\", \"reportId\": 1, \"bitOffset\": 1, \"bitSize\": 1, \"form\": \"toggle\"}, "
                        + "{\"usage\": \"hold\", \"reportId\": 1, \"bitOffset\": 2, \"bitSize\": 1, \"form\": \"toggle\"}], "
                        + "\"outputs\": ["
                        + "{\"usage\": \"led-off-hook\", \"reportId\": 2, \"bitOffset\": 0, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-mute\", \"reportId\": 2, \"bitOffset\": 1, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-ring\", \"reportId\": 2, \"bitOffset\": 2, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-hold\", \"reportId\": 2, \"bitOffset\": 3, \"bitSize\": 1}]}");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void describeReadsRawBinaryAndReportsNoCallControlForConsumerMuteOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gaming.bin");
        // Consumer collection with Mute (0x0C/0xE2) only.
        Files.write(file, new byte[] {
            0x05,
            0x0c,
            0x09,
            0x01,
            (byte) 0xa1,
            0x01,
            0x15,
            0x00,
            0x25,
            0x01,
            0x75,
            0x01,
            (byte) 0x95,
            0x01,
            0x09,
            (byte) 0xe2,
            (byte) 0x81,
            0x06,
            (byte) 0x95,
            0x07,
            (byte) 0x81,
            0x01,
            (byte) 0xc0
        });
        assertThat(run("hid", "describe", file.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"callControl\": false, \"inputs\": [], \"outputs\": []}");
    }

    @Test
    void describeOfARealHeadsetMatchesItsTable() {
        Path file = HeadsetDescriptors.dir().resolve("poly-bt700.hex");
        assertThat(run("hid", "describe", file.toString())).isZero();
        assertThat(out.toString())
                .contains(
                        "{\"usage\": \"hook-switch\", \"reportId\": 32, \"bitOffset\": 0, \"bitSize\": 1, \"form\": \"absolute\"}")
                .contains("{\"usage\": \"led-off-hook\", \"reportId\": 36, \"bitOffset\": 0, \"bitSize\": 1}");
    }

    @Test
    void malformedDescriptorExitsWithTwoAndOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.hex");
        Files.writeString(file, "05 0b 09 05 a1 01 b4\n");
        assertThat(run("hid", "describe", file.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .isEqualTo(file + ": report descriptor byte 6: Pop without a matching Push" + System.lineSeparator());
    }

    @Test
    void missingFileExitsWithOne(@TempDir Path dir) {
        assertThat(run("hid", "describe", dir.resolve("nope.hex").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read");
    }

    @Test
    void listShowsEveryHidrawDeviceWithCallControlAndAccess(@TempDir Path dir) throws Exception {
        Path sys = dir.resolve("sys");
        Path dev = Files.createDirectories(dir.resolve("dev"));
        fakeDevice(sys, dev, "hidraw0", "0003:00000B0E:00000307", "Jabra EVOLVE LINK MS", "jabra-evolve-link-ms");
        fakeDevice(sys, dev, "hidraw1", "0003:0000046D:00000AC4", "G535 Gaming Headset", "logitech-g535");
        assertThat(run("hid", "list", "--sysfs", sys.toString(), "--dev", dev.toString()))
                .isZero();
        assertThat(out.toString().lines().toList())
                .containsExactly(
                        "PATH\tVID:PID\tNAME\tCALL-CONTROL\tACCESS",
                        dev.resolve("hidraw0") + "\t0b0e:0307\tJabra EVOLVE LINK MS\tyes\tok",
                        dev.resolve("hidraw1") + "\t046d:0ac4\tG535 Gaming Headset\tno\tok");
    }

    @Test
    void aRefusedDeviceLineCarriesTheFix() {
        var info = new HidDeviceInfo("/dev/hidraw5", "usb", 0x047f, 0xc053, "Blackwire", "", new byte[] {0x05, 0x0b});
        assertThat(HidCommand.ListDevices.line(info, Udev.permissionFix("/dev/hidraw5")))
                .startsWith("/dev/hidraw5\t047f:c053\tBlackwire\tno\tdenied: permission denied on /dev/hidraw5: install"
                        + " native-config/linux/70-cx-pulse-headsets.rules");
    }

    private static void fakeDevice(Path sys, Path dev, String name, String hidId, String hidName, String shared)
            throws Exception {
        Path device = Files.createDirectories(
                sys.resolve("class/hidraw").resolve(name).resolve("device"));
        Files.write(
                device.resolve("report_descriptor"),
                DescriptorFiles.decode(
                        Files.readAllBytes(HeadsetDescriptors.dir().resolve(shared + ".hex"))));
        Files.writeString(device.resolve("uevent"), "HID_ID=" + hidId + "\nHID_NAME=" + hidName + "\nHID_UNIQ=\n");
        Files.createFile(dev.resolve(name));
    }
}
