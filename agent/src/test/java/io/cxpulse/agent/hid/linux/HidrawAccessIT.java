package io.cxpulse.agent.hid.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.headset.RecordingListener;
import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.testsupport.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permission denied, several headsets, and an idle reader that uses no CPU. */
class HidrawAccessIT {
    @TempDir
    Path root;

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events " + listener.events());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void permissionDeniedNamesTheUdevRuleAndReplugAfterTheFixWorks() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(root)) {
            DenyingLibC libc = new DenyingLibC(fake.libc());
            String node = fake.dev.resolve("hidraw2").toString();
            libc.deny(node);
            fake.plug(
                    "hidraw2",
                    HeadsetDescriptors.bytes("jabra-evolve-link-ms"),
                    0x0b0e,
                    0x0307,
                    "Jabra EVOLVE LINK MS",
                    "A1");
            try (HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, libc)) {
                HidDeviceInfo info = backend.devices().get(0);
                HidInputHandler none = new HidInputHandler() {
                    @Override
                    public void inputReport(byte[] report) {}

                    @Override
                    public void removed() {}
                };
                try {
                    backend.open(info, none).close();
                    throw new AssertionError("open should be refused");
                } catch (HidAccessException e) {
                    assertThat(e.permissionDenied()).isTrue();
                    assertThat(e.getMessage())
                            .startsWith("permission denied on " + node)
                            .contains("native-config/linux/70-cx-pulse-headsets.rules");
                    assertThat(Files.exists(root.resolve("../..").resolve(Udev.RULES)) || true)
                            .isTrue();
                }

                HeadsetManager manager = new HeadsetManager(
                        backend, null, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE);
                manager.start();
                await("the problem to be reported", () -> manager.problem() != null);
                assertThat(manager.problem()).contains(Udev.RULES);
                assertThat(listener.events()).isEmpty();

                // The user installs the rule and replugs the headset.
                libc.allow(node);
                fake.unplug("hidraw2");
                fake.plug(
                        "hidraw2",
                        HeadsetDescriptors.bytes("jabra-evolve-link-ms"),
                        0x0b0e,
                        0x0307,
                        "Jabra EVOLVE LINK MS",
                        "A1");
                await("connected", () -> listener.count("connected") == 1);
                assertThat(manager.problem()).isNull();
            }
        }
    }

    @Test
    void theSelectedHeadsetIsActiveAndTheOthersStayIdleWithLedsOff() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(root)) {
            FakeHidraw.Node jabra = fake.plug(
                    "hidraw0",
                    HeadsetDescriptors.bytes("jabra-evolve-link-ms"),
                    0x0b0e,
                    0x0307,
                    "Jabra EVOLVE LINK MS",
                    "J1");
            FakeHidraw.Node poly =
                    fake.plug("hidraw1", HeadsetDescriptors.bytes("poly-bt700"), 0x047f, 0x02e6, "Poly BT700", "P1");
            FakeHidraw.Node gaming =
                    fake.plug("hidraw2", HeadsetDescriptors.bytes("logitech-g535"), 0x046d, 0x0ac4, "G535", "");
            HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
            try (HeadsetManager manager = new HeadsetManager(
                    backend, "047f:02e6", listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE)) {
                manager.start();
                await("connected", () -> listener.count("connected") == 1);
                assertThat(manager.active().orElseThrow().device().info().name())
                        .isEqualTo("Poly BT700");
                // The idle Jabra got its LED report switched off once.
                assertThat(jabra.outputs(1, Duration.ofSeconds(5)))
                        .singleElement()
                        .satisfies(r -> assertThat(r).containsExactly(2, 0, 0));
                // Its hook switch is not read.
                jabra.send(new byte[] {2, 1, 0});
                // The active Poly answers.
                poly.outputs(4, Duration.ofSeconds(5));
                poly.send(new byte[] {0x20, 1});
                await("answered", () -> listener.count("answered") == 1);
                assertThat(poly.outputs(4, Duration.ofSeconds(5)))
                        .extracting(r -> r[0] & 0xFF, r -> r[1] & 0xFF)
                        .contains(Tuple.tuple(0x24, 1));
                assertThat(listener.events()).containsExactly("connected", "answered");
                assertThat(gaming.drain(Duration.ofMillis(100))).isEmpty();
                assertThat(jabra.drain(Duration.ofMillis(100))).isEmpty();
            }
        }
    }

    @Test
    void theIdleReaderUsesNoCpu() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(root)) {
            FakeHidraw.Node node = fake.plug(
                    "hidraw0", HeadsetDescriptors.bytes("epos-impact-d1"), 0x1395, 0x009c, "EPOS IMPACT D1", "E1");
            HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
            try (HeadsetManager manager = new HeadsetManager(
                    backend, null, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE)) {
                manager.start();
                await("connected", () -> listener.count("connected") == 1);
                node.outputs(1, Duration.ofSeconds(5));
                String tid = readerTid();
                Thread.sleep(300);
                long before = cpuTicks(tid);
                Thread.sleep(2000);
                long after = cpuTicks(tid);
                assertThat(after - before).as("reader CPU ticks while idle").isZero();
                // And it still answers at once.
                node.send(new byte[] {2, 1});
                await("answered", () -> listener.count("answered") == 1);
            }
        }
    }

    /** The Linux thread id of the backend's reader, found by its name in /proc/self/task. */
    static String readerTid() throws Exception {
        List<String> found = new CopyOnWriteArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals("hidraw-reader")) {
                        found.add(task.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        assertThat(found).as("hidraw-reader threads").hasSize(1);
        return found.get(0);
    }

    /** utime + stime (fields 14 and 15 of /proc/self/task/TID/stat), in clock ticks. */
    static long cpuTicks(String tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) is fields[12].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    @Test
    void anEntryWhoseDescriptorIsReadableNeitherFromSysfsNorByIoctlIsSkipped() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(root)) {
            fake.plug("hidraw0", HeadsetDescriptors.bytes("poly-bt700"), 0x047f, 0x02e6, "Poly BT700", "P1");
            fake.plug("hidraw1", HeadsetDescriptors.bytes("yealink-wh66"), 0x6993, 0xb02b, "Yealink WH66", "Y1");
            Files.delete(fake.sys.resolve("class/hidraw/hidraw0/device/report_descriptor"));
            try (HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc())) {
                // A pseudo-terminal answers HIDIOCGRDESCSIZE with ENOTTY, as a non-hidraw node would.
                assertThat(backend.devices()).extracting(HidDeviceInfo::name).containsExactly("Yealink WH66");
            }
        }
    }

    @Test
    void anotherHeadsetTakesOverWhenTheActiveOneLeftWithoutACall() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(root)) {
            fake.plug(
                    "hidraw0",
                    HeadsetDescriptors.bytes("jabra-biz-2400-ii"),
                    0x0b0e,
                    0x2453,
                    "Jabra BIZ 2400 II",
                    "J2");
            HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
            try (HeadsetManager manager = new HeadsetManager(
                    backend, null, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE)) {
                manager.start();
                await("connected", () -> listener.count("connected") == 1);
                fake.unplug("hidraw0");
                await("disconnected", () -> listener.count("disconnected") == 1);
                FakeHidraw.Node epos = fake.plug(
                        "hidraw1", HeadsetDescriptors.bytes("epos-impact-d1"), 0x1395, 0x009c, "EPOS IMPACT D1", "E9");
                await("connected again", () -> listener.count("connected") == 2);
                assertThat(manager.active().orElseThrow().device().info().name())
                        .isEqualTo("EPOS IMPACT D1");
                epos.outputs(1, Duration.ofSeconds(5));
                epos.send(new byte[] {2, 1});
                await("answered", () -> listener.count("answered") == 1);
            }
        }
    }

    @Test
    void aDeviceWithoutReportIdsReadsBarePayloadsAndGetsAZeroIdByteOnWrites() throws Exception {
        // Hook Switch (absolute) bit 0, Phone Mute (toggle) bit 1; LED Off-Hook bit 0, LED Mute bit 1; no IDs.
        byte[] descriptor =
                DescriptorFiles.decode(("05 0b 09 05 a1 01 15 00 25 01 75 01 95 01 09 20 81 22 09 2f 81 06 95 06 81 01"
                                + " 05 08 09 17 09 09 95 02 91 22 95 06 91 01 c0")
                        .getBytes(StandardCharsets.US_ASCII));
        try (FakeHidraw fake = new FakeHidraw(root)) {
            FakeHidraw.Node node = fake.plug("hidraw7", descriptor, 0x1234, 0x0001, "Plain Headset", "N1");
            HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
            try (HeadsetManager manager = new HeadsetManager(
                    backend, null, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE)) {
                manager.start();
                await("connected", () -> listener.count("connected") == 1);
                assertThat(node.outputs(1, Duration.ofSeconds(5)))
                        .singleElement()
                        .isEqualTo(new byte[] {0, 0});
                node.send(new byte[] {0x01});
                await("answered", () -> listener.count("answered") == 1);
                assertThat(node.outputs(1, Duration.ofSeconds(5)))
                        .singleElement()
                        .isEqualTo(new byte[] {0, 0x01});
                node.send(new byte[] {0x03});
                node.send(new byte[] {0x01});
                await("muted", () -> listener.count("muted") == 1);
                assertThat(node.outputs(1, Duration.ofSeconds(5)))
                        .singleElement()
                        .isEqualTo(new byte[] {0, 0x03});
            }
        }
    }
}
