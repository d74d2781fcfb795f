package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.FakeHidDevice;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
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
        final Map<String, FakeHidDevice> opened = new LinkedHashMap<>();
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
            FakeHidDevice d = new FakeHidDevice(
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

    private static HidDeviceInfo device(
            String path, String name, int vid, int pid, String serial, String descriptorName) {
        byte[] descriptor = HeadsetDescriptors.bytes(descriptorName);
        return new HidDeviceInfo(path, "usb", vid, pid, name, serial, descriptor);
    }

    private final HidDeviceInfo jabra =
            device("/dev/hidraw0", "Jabra EVOLVE LINK MS", 0x0b0e, 0x0307, "J1", "jabra-evolve-link-ms");
    private final HidDeviceInfo poly = device("/dev/hidraw1", "Poly BT700", 0x047f, 0x02e6, "P1", "poly-bt700");
    private final HidDeviceInfo gaming = device("/dev/hidraw2", "G535", 0x046d, 0x0ac4, "", "logitech-g535");

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
        backend.plug(gaming);
        backend.plug(jabra);
        backend.plug(poly);
        HeadsetManager m = manager(null, Quirks.NONE);
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(jabra);
        assertThat(backend.opened).doesNotContainKey(gaming.path());
        // Poly is idle: each of its LED reports written once, all off, and it is closed again.
        assertThat(backend.written.get(poly.path())).containsExactly("21 00", "23 00", "24 00", "25 00");
        backend.opened.get(poly.path()).send(new byte[] {0x20, 1});
        assertThat(listener.events()).containsExactly("connected");
        backend.opened.get(jabra.path()).send(new byte[] {2, 1, 0});
        assertThat(listener.events()).containsExactly("connected", "answered");
    }

    @Test
    void theSelectorMatchesPathVidPidSerialOrName() {
        backend.plug(jabra);
        backend.plug(poly);
        for (String selector : List.of("/dev/hidraw1", "047f:02e6", "P1", "bt700")) {
            assertThat(HeadsetManager.matches(selector, poly)).as(selector).isTrue();
            assertThat(HeadsetManager.matches(selector, jabra)).as(selector).isFalse();
        }
        HeadsetManager m = manager("bt700", Quirks.NONE);
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(poly);
    }

    @Test
    void permissionDeniedIsReportedAndNothingConnects() {
        backend.denied.add(jabra.path());
        backend.plug(jabra);
        HeadsetManager m = manager(null, Quirks.NONE);
        assertThat(m.problem()).isEqualTo("permission denied on /dev/hidraw0");
        assertThat(listener.events()).isEmpty();
        backend.denied.clear();
        backend.listener.changed(jabra);
        assertThat(m.problem()).isNull();
        assertThat(listener.events()).containsExactly("connected");
    }

    @Test
    void quirksSetTheEchoWindowOrExcludeADevice() {
        backend.plug(jabra);
        backend.plug(poly);
        HeadsetManager m = manager(null, Quirks.parse("0b0e:0307 ignore=true\n047f:02e6 echo-window-ms=50\n"));
        assertThat(m.active().orElseThrow().device().info()).isEqualTo(poly);
        FakeHidDevice polyDevice = backend.opened.get(poly.path());
        polyDevice.send(new byte[] {0x20, 1});
        clock.advance(Duration.ofMillis(60));
        polyDevice.send(new byte[] {0x20, 0});
        assertThat(listener.events()).containsExactly("connected", "answered", "ended");
    }
}
