package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.InMemoryHidDevice;
import io.cxpulse.agent.hid.SharedDescriptors;
import io.cxpulse.testsupport.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadsetManagerTest {

    /** A backend of in-memory devices, driven by the test on its own thread. */
    static final class FakeBackend implements HidBackend {
        final Map<String, HidDeviceInfo> present = new LinkedHashMap<>();
        final Map<String, InMemoryHidDevice> opened = new LinkedHashMap<>();
        final Map<String, List<String>> written = new LinkedHashMap<>();
        final List<String> denied = new ArrayList<>();
        DeviceListener listener;

        void plug(HidDeviceInfo d) {
            present.put(d.path(), d);
            if (listener != null) {
                listener.added(d);
            }
        }

        @Override
        public List<HidDeviceInfo> devices() {
            return List.copyOf(present.values());
        }

        @Override
        public String accessProblem(HidDeviceInfo device) {
            return denied.contains(device.path()) ? "denied" : null;
        }

        @Override
        public void watch(DeviceListener l) {
            listener = l;
            present.values().forEach(l::added);
        }

        @Override
        public HidDevice open(HidDeviceInfo device, HidInputHandler handler) throws HidAccessException {
            if (denied.contains(device.path())) {
                throw new HidAccessException("permission denied on " + device.path(), true, null);
            }
            InMemoryHidDevice d = new InMemoryHidDevice(
                    device,
                    r -> written.computeIfAbsent(device.path(), k -> new ArrayList<>())
                            .add(HexFormat.ofDelimiter(" ").formatHex(r)));
            d.connect(handler);
            opened.put(device.path(), d);
            return d;
        }

        @Override
        public void close() {}
    }

    private static HidDeviceInfo device(String path, String name, int vid, int pid, String serial, String shared) {
        byte[] descriptor = SharedDescriptors.rows().stream()
                .filter(r -> r.name().equals(shared))
                .findFirst()
                .orElseThrow()
                .bytes();
        return new HidDeviceInfo(path, "usb", vid, pid, name, serial, descriptor);
    }

    private static final HidDeviceInfo JABRA =
            device("/dev/hidraw0", "Jabra EVOLVE LINK MS", 0x0b0e, 0x0307, "J1", "jabra-evolve-link-ms");
    private static final HidDeviceInfo POLY = device("/dev/hidraw1", "Poly BT700", 0x047f, 0x02e6, "P1", "poly-bt700");
    private static final HidDeviceInfo GAMING = device("/dev/hidraw2", "G535", 0x046d, 0x0ac4, "", "logitech-g535");

    private final FakeBackend backend = new FakeBackend();
    private final RecordingListener listener = new RecordingListener();
    private final FakeClock clock = new FakeClock();

    private HeadsetManager manager(String selector, Quirks quirks) {
        HeadsetManager m =
                new HeadsetManager(backend, selector, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, quirks);
        m.start();
        return m;
    }

    @Test
    void withoutASelectorTheFirstHeadsetWithCallControlIsActive() {
        backend.plug(GAMING);
        backend.plug(JABRA);
        backend.plug(POLY);
        HeadsetManager m = manager(null, Quirks.NONE);
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(JABRA);
        assertThat(backend.opened).doesNotContainKey(GAMING.path());
        // Poly is idle: each of its LED reports written once, all off, and it is closed again.
        assertThat(backend.written.get(POLY.path())).containsExactly("21 00", "23 00", "24 00", "25 00");
        backend.opened.get(POLY.path()).send(new byte[] {0x20, 1});
        assertThat(listener.events()).containsExactly("connected");
        backend.opened.get(JABRA.path()).send(new byte[] {2, 1, 0});
        assertThat(listener.events()).containsExactly("connected", "answered");
    }

    @Test
    void theSelectorMatchesPathVidPidSerialOrName() {
        backend.plug(JABRA);
        backend.plug(POLY);
        for (String selector : List.of("/dev/hidraw1", "047f:02e6", "P1", "bt700")) {
            assertThat(HeadsetManager.matches(selector, POLY)).as(selector).isTrue();
            assertThat(HeadsetManager.matches(selector, JABRA)).as(selector).isFalse();
        }
        HeadsetManager m = manager("bt700", Quirks.NONE);
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(POLY);
    }

    @Test
    void permissionDeniedIsReportedAndNothingConnects() {
        backend.denied.add(JABRA.path());
        backend.plug(JABRA);
        HeadsetManager m = manager(null, Quirks.NONE);
        assertThat(m.problem()).isEqualTo("permission denied on /dev/hidraw0");
        assertThat(listener.events()).isEmpty();
        backend.denied.clear();
        backend.listener.changed(JABRA);
        assertThat(m.problem()).isNull();
        assertThat(listener.events()).containsExactly("connected");
    }

    @Test
    void quirksSetTheEchoWindowOrExcludeADevice() {
        backend.plug(JABRA);
        backend.plug(POLY);
        HeadsetManager m = manager(null, Quirks.parse("0b0e:0307 ignore=true\n047f:02e6 echo-window-ms=50\n"));
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(POLY);
        InMemoryHidDevice poly = backend.opened.get(POLY.path());
        poly.send(new byte[] {0x20, 1});
        clock.advance(Duration.ofMillis(60));
        poly.send(new byte[] {0x20, 0});
        assertThat(listener.events()).containsExactly("connected", "answered", "ended");
    }
}
