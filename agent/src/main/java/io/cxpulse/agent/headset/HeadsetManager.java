package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the active headset among the devices a backend sees and keeps it bound across unplug and replug. The
 * active one is the first headset with call control that matches the selector (path, VID:PID, serial or part of
 * the name; any when null). Other headsets stay idle: their LEDs are switched off and their events are not read.
 * When the active headset is gone with no call in progress, the next matching headset plugged in takes over.
 */
public final class HeadsetManager implements HidBackend.DeviceListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeadsetManager.class);

    private final HidBackend backend;
    private final String selector;
    private final HeadsetListener listener;
    private final Clock clock;
    private final Duration echoWindow;
    private final Quirks quirks;

    private HeadsetController controller;
    private String activeKey;
    private volatile String problem;
    private volatile Runnable statusListener = () -> {};

    public HeadsetManager(
            HidBackend backend,
            String selector,
            HeadsetListener listener,
            Clock clock,
            Duration echoWindow,
            Quirks quirks) {
        this.backend = Objects.requireNonNull(backend);
        this.selector = selector == null || selector.isBlank() ? null : selector.trim();
        this.listener = Objects.requireNonNull(listener);
        this.clock = Objects.requireNonNull(clock);
        this.echoWindow = Objects.requireNonNull(echoWindow);
        this.quirks = Objects.requireNonNull(quirks);
    }

    /**
     * The manager for this machine: the operating system's backend, the quirks shipped in the agent jar and the
     * default echo window. Call {@link #start()} to begin.
     */
    public static HeadsetManager forThisOs(String selector, HeadsetListener listener, Clock clock) {
        return new HeadsetManager(
                HeadsetBackends.forThisOs(),
                selector,
                listener,
                clock,
                HeadsetStateMachine.DEFAULT_ECHO_WINDOW,
                Quirks.bundled());
    }

    /**
     * Called (on the backend's thread) whenever the active headset is attached, is gone, or cannot be opened; read
     * {@link #active()} and {@link #problem()} then. Set it before {@link #start()}.
     */
    public void onStatusChange(Runnable listener) {
        this.statusListener = Objects.requireNonNull(listener);
    }

    /** Starts watching the backend; the active headset is attached as soon as it is seen. */
    public void start() {
        backend.watch(this);
    }

    /** Whether a device matches a selector (null matches every device). */
    public static boolean matches(String selector, HidDeviceInfo d) {
        if (selector == null) {
            return true;
        }
        String s = selector.toLowerCase(Locale.ROOT);
        return d.path().equalsIgnoreCase(selector)
                || d.vidPid().equals(s)
                || (!d.serial().isEmpty() && d.serial().equalsIgnoreCase(selector))
                || d.name().toLowerCase(Locale.ROOT).contains(s);
    }

    @Override
    public synchronized void added(HidDeviceInfo device) {
        TelephonyModel model;
        try {
            model = TelephonyModel.of(ReportDescriptorParser.parse(device.reportDescriptor()));
        } catch (HidDescriptorException e) {
            log.info("{}: {}", device, e.getMessage());
            return;
        }
        if (!model.callControl() || quirks.of(device).ignore()) {
            return;
        }
        boolean activeGoneAndIdle = controller != null
                && controller.device() == null
                && controller.state() != CallState.ACTIVE
                && !device.stableKey().equals(activeKey);
        if ((activeKey == null || activeGoneAndIdle) && matches(selector, device)) {
            activeKey = device.stableKey();
            Duration window = quirks.of(device).echoWindow().orElse(echoWindow);
            controller = new HeadsetController(model, listener, clock, window);
            log.info("active headset: {}", device);
        }
        if (device.stableKey().equals(activeKey)) {
            if (controller.device() == null) {
                openActive(device);
            }
        } else {
            idle(device, model);
        }
    }

    @Override
    public synchronized void changed(HidDeviceInfo device) {
        if (device.stableKey().equals(activeKey) && controller.device() == null) {
            openActive(device);
        }
    }

    @Override
    public synchronized void removed(HidDeviceInfo device) {
        if (controller == null) {
            return;
        }
        HidDevice current = controller.device();
        if (current != null && current.info().path().equals(device.path())) {
            controller.removed();
            statusListener.run();
        }
    }

    private void openActive(HidDeviceInfo device) {
        try {
            HidDevice opened = backend.open(device, controller);
            problem = null;
            controller.attach(opened);
        } catch (HidAccessException e) {
            problem = e.getMessage();
            log.warn("{}", e.getMessage());
        }
        statusListener.run();
    }

    /** Switches an inactive headset's telephony LEDs off, then leaves it closed. */
    private void idle(HidDeviceInfo device, TelephonyModel model) {
        TreeSet<Integer> ids = new TreeSet<>();
        model.outputs().forEach(c -> ids.add(c.reportId()));
        if (ids.isEmpty()) {
            return;
        }
        try (HidDevice d = backend.open(device, IGNORE)) {
            for (int id : ids) {
                byte[] report = new byte[1 + model.descriptor().reportBytes(ReportType.OUTPUT, id)];
                report[0] = (byte) id;
                d.write(report);
            }
            log.info("idle headset {}: LEDs off", device);
        } catch (IOException e) {
            log.info("idle headset {} left as is: {}", device, e.getMessage());
        }
    }

    private static final HidInputHandler IGNORE = new HidInputHandler() {
        @Override
        public void inputReport(byte[] report) {}

        @Override
        public void removed() {}
    };

    /** The active headset's controller, once one was chosen. */
    public synchronized Optional<HeadsetController> active() {
        return Optional.ofNullable(controller);
    }

    /** Why the active headset cannot be used (e.g. permission denied, with the fix), or null. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        backend.close();
    }
}
