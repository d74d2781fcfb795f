package io.cxpulse.agent.hid.hidapi;

import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.ReportDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.hid4java.HidManager;
import org.hid4java.HidServices;
import org.hid4java.HidServicesListener;
import org.hid4java.HidServicesSpecification;
import org.hid4java.ScanMode;
import org.hid4java.event.HidServicesEvent;
import org.hid4java.jna.HidApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows and macOS backend over hid4java (hidapi 0.14). Devices are opened non-exclusively on macOS; the headset
 * collection and the write path of each output report come from {@link CollectionRouting}. hid4java scans for
 * hot-plug once a second and reads input on its own thread.
 */
public final class Hid4JavaBackend implements HidBackend {
    private static final Logger log = LoggerFactory.getLogger(Hid4JavaBackend.class);
    private static final int MAX_DESCRIPTOR = 4096;

    private final Predicate<ReportDescriptor> wanted;
    private final Object lock = new Object();
    private final Map<String, HidInputHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, CollectionRouting.Routing> routings = new ConcurrentHashMap<>();
    private final Map<String, HidDeviceInfo> known = new LinkedHashMap<>();
    private HidServices services;
    private DeviceListener listener;

    /**
     * @param wanted which top-level collection of a device is the one to use (for a headset: the one with call
     *     control); a device with none is listed but not routed
     */
    public Hid4JavaBackend(Predicate<ReportDescriptor> wanted) {
        this.wanted = Objects.requireNonNull(wanted);
    }

    private HidServices services() {
        synchronized (lock) {
            if (services == null) {
                HidApi.darwinOpenDevicesNonExclusive = true;
                HidServicesSpecification spec = new HidServicesSpecification();
                spec.setAutoStart(false);
                spec.setAutoShutdown(false);
                spec.setAutoDataRead(true);
                spec.setDataReadInterval(50);
                spec.setScanMode(ScanMode.SCAN_AT_FIXED_INTERVAL);
                spec.setScanInterval(1000);
                services = HidManager.getHidServices(spec);
            }
            return services;
        }
    }

    @Override
    public List<HidDeviceInfo> devices() {
        List<CollectionRouting.Entry> entries = new ArrayList<>();
        Map<String, org.hid4java.HidDevice> byPath = new HashMap<>();
        for (org.hid4java.HidDevice d : services().getAttachedHidDevices()) {
            byPath.put(d.getPath(), d);
            entries.add(new CollectionRouting.Entry(
                    d.getPath(),
                    d.getVendorId(),
                    d.getProductId(),
                    Objects.requireNonNullElse(d.getSerialNumber(), ""),
                    Objects.requireNonNullElse(d.getProduct(), ""),
                    d.getInterfaceNumber(),
                    d.getUsagePage(),
                    d.getUsage(),
                    descriptor(d)));
        }
        List<HidDeviceInfo> result = new ArrayList<>();
        for (List<CollectionRouting.Entry> group :
                CollectionRouting.group(entries).values()) {
            Optional<CollectionRouting.Routing> routing = CollectionRouting.route(group, wanted);
            CollectionRouting.Entry main =
                    routing.map(CollectionRouting.Routing::headset).orElse(group.get(0));
            routing.ifPresent(r -> routings.put(main.path(), r));
            result.add(new HidDeviceInfo(
                    main.path(),
                    "usb",
                    main.vendorId(),
                    main.productId(),
                    main.product(),
                    main.serial(),
                    main.descriptor()));
        }
        return result;
    }

    /** Reads a descriptor through hidapi (the device must be opened for it); empty when that is refused. */
    private static byte[] descriptor(org.hid4java.HidDevice d) {
        boolean opened = false;
        try {
            if (d.isClosed()) {
                if (!d.open()) {
                    return new byte[0];
                }
                opened = true;
            }
            byte[] buffer = new byte[MAX_DESCRIPTOR];
            int n = d.getReportDescriptor(buffer);
            return n > 0 ? Arrays.copyOf(buffer, n) : new byte[0];
        } catch (RuntimeException e) {
            log.debug("{}: descriptor not readable: {}", d.getPath(), e.toString());
            return new byte[0];
        } finally {
            if (opened) {
                d.close();
            }
        }
    }

    @Override
    public String accessProblem(HidDeviceInfo device) {
        org.hid4java.HidDevice d = find(device.path());
        if (d == null) {
            return "device " + device.path() + " is gone";
        }
        if (!d.isClosed()) {
            return null;
        }
        if (!d.open()) {
            String reason = d.getLastErrorMessage();
            return "cannot open " + device.path() + (reason == null ? "" : ": " + reason)
                    + " (macOS: allow Input Monitoring for Java; see native-config/README.md)";
        }
        d.close();
        return null;
    }

    private org.hid4java.HidDevice find(String path) {
        for (org.hid4java.HidDevice d : services().getAttachedHidDevices()) {
            if (d.getPath().equals(path)) {
                return d;
            }
        }
        return null;
    }

    @Override
    public void watch(DeviceListener deviceListener) {
        synchronized (lock) {
            if (listener != null) {
                throw new IllegalStateException("already watching");
            }
            listener = Objects.requireNonNull(deviceListener);
        }
        HidServices s = services();
        s.addHidServicesListener(new HidServicesListener() {
            @Override
            public void hidDeviceAttached(HidServicesEvent event) {
                rescan();
            }

            @Override
            public void hidDeviceDetached(HidServicesEvent event) {
                HidInputHandler h = handlers.remove(event.getHidDevice().getPath());
                if (h != null) {
                    h.removed();
                }
                rescan();
            }

            @Override
            public void hidFailure(HidServicesEvent event) {
                log.warn("hidapi failure on {}", event.getHidDevice());
            }

            @Override
            public void hidDataReceived(HidServicesEvent event) {
                HidInputHandler h = handlers.get(event.getHidDevice().getPath());
                if (h != null) {
                    h.inputReport(event.getDataReceived());
                }
            }
        });
        s.start();
        rescan();
    }

    private void rescan() {
        DeviceListener l;
        Map<String, HidDeviceInfo> now = new LinkedHashMap<>();
        devices().forEach(d -> now.put(d.path(), d));
        List<HidDeviceInfo> gone = new ArrayList<>();
        List<HidDeviceInfo> added = new ArrayList<>();
        synchronized (lock) {
            l = listener;
            known.values().stream().filter(d -> !now.containsKey(d.path())).forEach(gone::add);
            now.values().stream().filter(d -> !known.containsKey(d.path())).forEach(added::add);
            known.clear();
            known.putAll(now);
        }
        if (l != null) {
            gone.forEach(l::removed);
            added.forEach(l::added);
        }
    }

    @Override
    public HidDevice open(HidDeviceInfo device, HidInputHandler handler) throws HidAccessException {
        CollectionRouting.Routing routing = routings.get(device.path());
        if (routing == null) {
            devices();
            routing = routings.get(device.path());
        }
        if (routing == null) {
            throw new HidAccessException(device.path() + " has no call control", false, null);
        }
        Map<String, org.hid4java.HidDevice> opened = new HashMap<>();
        List<String> paths = new ArrayList<>(routing.writePaths().values());
        paths.add(0, routing.headset().path());
        for (String path : paths) {
            if (opened.containsKey(path)) {
                continue;
            }
            org.hid4java.HidDevice d = find(path);
            if (d == null || (d.isClosed() && !d.open())) {
                opened.values().forEach(org.hid4java.HidDevice::close);
                String reason = d == null ? "gone" : d.getLastErrorMessage();
                throw new HidAccessException("cannot open " + path + ": " + reason, false, null);
            }
            opened.put(path, d);
        }
        handlers.put(routing.headset().path(), handler);
        return new Hid4JavaDevice(device, routing, opened);
    }

    /** An open hidapi headset: every collection it writes through, closed together. */
    private final class Hid4JavaDevice implements HidDevice {
        private final HidDeviceInfo info;
        private final CollectionRouting.Routing routing;
        private final Map<String, org.hid4java.HidDevice> devices;

        Hid4JavaDevice(
                HidDeviceInfo info, CollectionRouting.Routing routing, Map<String, org.hid4java.HidDevice> devices) {
            this.info = info;
            this.routing = routing;
            this.devices = devices;
        }

        @Override
        public HidDeviceInfo info() {
            return info;
        }

        @Override
        public void write(byte[] report) throws IOException {
            int id = report[0] & 0xFF;
            org.hid4java.HidDevice d = devices.get(routing.writePath(id));
            if (d == null) {
                throw new IOException("no open collection for output report " + id);
            }
            byte[] payload = Arrays.copyOfRange(report, 1, report.length);
            int n = d.write(payload, payload.length, (byte) id);
            if (n < 0) {
                throw new IOException(
                        "write of report " + id + " to " + d.getPath() + " failed: " + d.getLastErrorMessage());
            }
        }

        @Override
        public void close() {
            handlers.remove(routing.headset().path());
            devices.values().forEach(org.hid4java.HidDevice::close);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (services != null) {
                services.shutdown();
                services = null;
            }
        }
    }
}
