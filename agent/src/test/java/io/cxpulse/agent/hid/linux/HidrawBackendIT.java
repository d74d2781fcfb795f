package io.cxpulse.agent.hid.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.HeadsetController;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.headset.RecordingListener;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.headset.TelephonyUsage;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.HeadsetDescriptors.Position;
import io.cxpulse.agent.hid.HeadsetDescriptors.Row;
import io.cxpulse.agent.hid.ReportType;
import io.cxpulse.agent.hid.linux.jna.LibC;
import io.cxpulse.testsupport.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives the real Linux hidraw backend (sysfs scan, libc open/poll/read/write, inotify hot-plug) and the headset
 * state machine for every real headset layout, with a fake sysfs tree and a pseudo-terminal as the device node.
 * Input reports are built from the README positions, and LED bytes are checked against them exactly.
 */
class HidrawBackendIT {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path root;

    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();
    private FakeHidraw fake;
    private HeadsetManager manager;

    static List<Row> headsets() {
        return HeadsetDescriptors.rows().stream().filter(r -> r.hook() != null).toList();
    }

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private HeadsetManager start(LibC libc) {
        fake = fake == null ? new FakeHidraw(root) : fake;
        HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, libc);
        manager = new HeadsetManager(
                backend, null, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, Quirks.NONE);
        manager.start();
        return manager;
    }

    /** The device side of one layout, built from the README table only. */
    private static final class Device {
        final Row row;
        final FakeHidraw.Node node;
        final int ledReports;
        boolean hook;

        Device(Row row, FakeHidraw.Node node) {
            this.row = row;
            this.node = node;
            TelephonyModel model = TelephonyModel.of(node.descriptor).primary();
            TreeSet<Integer> ids = new TreeSet<>();
            model.outputs().stream()
                    .filter(c -> c.usage() != TelephonyUsage.LED_MICROPHONE)
                    .forEach(c -> ids.add(c.reportId()));
            this.ledReports = ids.size();
        }

        byte[] input(int reportId, boolean mutePressed) {
            byte[] r = new byte[1 + node.descriptor.reportBytes(ReportType.INPUT, reportId)];
            r[0] = (byte) reportId;
            if (row.hook().reportId() == reportId && hook) {
                set(r, row.hook().bitOffset());
            }
            if (row.mute().reportId() == reportId && mutePressed) {
                set(r, row.mute().bitOffset());
            }
            return r;
        }

        void hook(boolean offHook) {
            hook = offHook;
            node.send(input(row.hook().reportId(), false));
        }

        void pressMute() {
            node.send(input(row.mute().reportId(), true));
            node.send(input(row.mute().reportId(), false));
        }

        /** The output report with this ID as it must be for the given host state, from the README positions. */
        byte[] expected(int reportId, boolean offHook, boolean mute, boolean ring) {
            byte[] r = new byte[1 + node.descriptor.reportBytes(ReportType.OUTPUT, reportId)];
            r[0] = (byte) reportId;
            setIf(r, reportId, row.offHook(), offHook);
            setIf(r, reportId, row.muteLed(), mute);
            setIf(r, reportId, row.ring(), ring);
            setIf(r, reportId, row.ringer(), ring);
            return r;
        }

        private static void setIf(byte[] r, int reportId, Position p, boolean on) {
            if (p != null && p.reportId() == reportId && on) {
                set(r, p.bitOffset());
            }
        }

        private static void set(byte[] r, int bit) {
            r[1 + bit / 8] |= (byte) (1 << (bit % 8));
        }

        /** Reads one LED echo and checks every report's bytes exactly. */
        void assertLeds(boolean offHook, boolean mute, boolean ring) {
            List<byte[]> reports = node.outputs(ledReports, WAIT);
            assertThat(reports).hasSize(ledReports);
            for (byte[] r : reports) {
                assertThat(HexFormat.of().formatHex(r))
                        .as("%s output report %d", row.name(), r[0] & 0xFF)
                        .isEqualTo(HexFormat.of().formatHex(expected(r[0] & 0xFF, offHook, mute, ring)));
            }
        }
    }

    private Device plug(Row row, String name) {
        int[] vidPid = vidPid(row);
        return new Device(row, fake.plug(name, row.bytes(), vidPid[0], vidPid[1], row.name(), "SN-" + row.name()));
    }

    private static int[] vidPid(Row row) {
        if (!row.vidPid().contains(":")) {
            return new int[] {0x1234, 0x5678};
        }
        String[] p = row.vidPid().split(":");
        return new int[] {Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16)};
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; events " + listener.events());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void awaitCount(String event, long count) {
        await(count + "x " + event, () -> listener.count(event) >= count);
    }

    private HeadsetController active() {
        return manager.active().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headsets")
    void answerMuteHoldEchoDuplicateAndHangUp(Row row) {
        fake = new FakeHidraw(root);
        Device d = plug(row, "hidraw3");
        start(fake.libc());
        awaitCount("connected", 1);
        d.assertLeds(false, false, false);

        // Answer.
        d.hook(true);
        awaitCount("answered", 1);
        d.assertLeds(true, false, false);

        // An on-hook then off-hook right after the host set Off-Hook: the device's echo, ignored. (The fake clock
        // stands still until the mute below proves these were handled.)
        // A device without an Off-Hook LED never gets Off-Hook written, so it has nothing to echo.
        if (row.offHook() != null) {
            d.hook(false);
            d.hook(true);
        }

        // Mute on, with the press report duplicated: one toggle only.
        byte[] press = d.input(row.mute().reportId(), true);
        d.node.send(press);
        d.node.send(press);
        d.node.send(d.input(row.mute().reportId(), false));
        awaitCount("muted", 1);
        d.assertLeds(true, true, false);
        clock.advanceMillis(600);

        // Mute off.
        d.pressMute();
        awaitCount("unmuted", 1);
        d.assertLeds(true, false, false);

        // Hold from the host: Off-Hook stays set.
        active().setHeld(true);
        awaitCount("held", 1);
        List<byte[]> held = d.node.outputs(d.ledReports, WAIT);
        FakeHeadsetDevice view = new FakeHeadsetDevice(TelephonyModel.of(d.node.descriptor));
        held.forEach(view::applyOutput);
        if (!view.model().outputs(TelephonyUsage.LED_OFF_HOOK).isEmpty()) {
            assertThat(view.ledState().offHook()).as("off-hook on hold").isTrue();
        }
        if (!view.model().outputs(TelephonyUsage.LED_HOLD).isEmpty()) {
            assertThat(view.ledState().hold()).as("hold LED").isTrue();
        }
        active().setHeld(false);
        awaitCount("resumed", 1);
        d.assertLeds(true, false, false);

        // Hang up: exactly one call-ended, even when the device repeats itself.
        clock.advanceMillis(5000);
        d.hook(false);
        awaitCount("ended", 1);
        d.assertLeds(false, false, false);
        d.hook(false);
        d.pressMute();
        d.assertLeds(false, false, false);
        assertThat(listener.events())
                .containsExactly("connected", "answered", "muted", "unmuted", "held", "resumed", "ended");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headsets")
    void aCallSurvivesUnplugAndReplugAndHotPlugIsSeenWithinTwoSeconds(Row row) {
        fake = new FakeHidraw(root);
        start(fake.libc());
        long plugged = System.nanoTime();
        Device d = plug(row, "hidraw1");
        awaitCount("connected", 1);
        assertThat(Duration.ofNanos(System.nanoTime() - plugged)).isLessThan(Duration.ofSeconds(2));
        d.assertLeds(false, false, false);
        d.hook(true);
        awaitCount("answered", 1);
        d.assertLeds(true, false, false);
        clock.advanceMillis(3000);

        fake.unplug("hidraw1");
        awaitCount("disconnected", 1);
        clock.advanceMillis(1500);

        long replugged = System.nanoTime();
        Device again = plug(row, "hidraw4");
        awaitCount("connected", 2);
        assertThat(Duration.ofNanos(System.nanoTime() - replugged)).isLessThan(Duration.ofSeconds(2));
        // Every LED rewritten, Off-Hook included: the call is still on.
        again.hook = true;
        again.assertLeds(true, false, false);

        clock.advanceMillis(600);
        again.hook(false);
        awaitCount("ended", 1);
        again.assertLeds(false, false, false);
        assertThat(listener.events()).containsExactly("connected", "answered", "disconnected", "connected", "ended");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headsets")
    void permissionDeniedNamesTheUdevRuleUntilTheUserFixesItAndReplugs(Row row) {
        fake = new FakeHidraw(root);
        DenyingLibC libc = new DenyingLibC(fake.libc());
        String node = fake.dev.resolve("hidraw6").toString();
        libc.deny(node);
        plug(row, "hidraw6");
        start(libc);
        await("the problem to be reported", () -> manager.problem() != null);
        assertThat(manager.problem())
                .isEqualTo("permission denied on " + node + ": install " + Udev.RULES
                        + " into /etc/udev/rules.d/, run 'sudo udevadm control --reload && sudo udevadm trigger',"
                        + " then replug the headset");
        assertThat(listener.events()).isEmpty();

        libc.allow(node);
        fake.unplug("hidraw6");
        Device d = plug(row, "hidraw6");
        awaitCount("connected", 1);
        d.assertLeds(false, false, false);
        d.hook(true);
        awaitCount("answered", 1);
        assertThat(manager.problem()).isNull();
    }
}
