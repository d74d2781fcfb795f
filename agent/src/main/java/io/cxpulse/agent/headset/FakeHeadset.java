package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.FakeHidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A software telephony headset for the fleet simulator and demos. Button actions become the input reports of a
 * typical USB headset and go through the real descriptor parser and {@link HeadsetStateMachine}; the host's LED
 * reports come back to the device, whose LEDs {@link #ledState()} shows. Everything runs synchronously on the
 * caller's thread (no threads of its own), so many can share a JVM. Listener calls happen inside the action that
 * caused them. Thread-safe; meant to be driven by one thread per headset.
 */
public final class FakeHeadset implements AutoCloseable {
    /**
     * Report descriptor of the fake headset (our own layout): Telephony Headset application collection; input
     * report 1 = Hook Switch (absolute, bit 0), Phone Mute (toggle, bit 1), Hold (toggle, bit 2), 5 bits padding;
     * output report 2 = LED Off-Hook, Mute, Ring, Hold (bits 0-3), Telephony Ringer (bit 4), 3 bits padding.
     */
    private static final byte[] DESCRIPTOR = {
        0x05,
        0x0B, // Usage Page (Telephony)
        0x09,
        0x05, // Usage (Headset)
        (byte) 0xA1,
        0x01, // Collection (Application)
        0x15,
        0x00, //   Logical Minimum (0)
        0x25,
        0x01, //   Logical Maximum (1)
        0x75,
        0x01, //   Report Size (1)
        (byte) 0x85,
        0x01, //   Report ID (1)
        0x09,
        0x20, //   Usage (Hook Switch)
        (byte) 0x95,
        0x01, //   Report Count (1)
        (byte) 0x81,
        0x22, //   Input (Data, Variable, Absolute, No Preferred)
        0x09,
        0x2F, //   Usage (Phone Mute)
        0x09,
        0x23, //   Usage (Hold)
        (byte) 0x95,
        0x02, //   Report Count (2)
        (byte) 0x81,
        0x06, //   Input (Data, Variable, Relative)
        (byte) 0x95,
        0x05, //   Report Count (5)
        (byte) 0x81,
        0x01, //   Input (Constant)
        (byte) 0x85,
        0x02, //   Report ID (2)
        0x05,
        0x08, //   Usage Page (LED)
        0x09,
        0x17, //   Usage (Off-Hook)
        0x09,
        0x09, //   Usage (Mute)
        0x09,
        0x18, //   Usage (Ring)
        0x09,
        0x20, //   Usage (Hold)
        (byte) 0x95,
        0x04, //   Report Count (4)
        (byte) 0x91,
        0x22, //   Output (Data, Variable, Absolute, No Preferred)
        0x05,
        0x0B, //   Usage Page (Telephony)
        0x09,
        (byte) 0x9E, //   Usage (Ringer)
        (byte) 0x95,
        0x01, //   Report Count (1)
        (byte) 0x91,
        0x22, //   Output (Data, Variable, Absolute, No Preferred)
        (byte) 0x95,
        0x03, //   Report Count (3)
        (byte) 0x91,
        0x01, //   Output (Constant)
        (byte) 0xC0 // End Collection
    };

    /** Vendor and product IDs of the fake headset (0xFFFF: not a real USB vendor). */
    public static final int VENDOR_ID = 0xFFFF;

    public static final int PRODUCT_ID = 0x0001;

    private static final AtomicInteger SERIALS = new AtomicInteger();

    private final FakeHeadsetDevice deviceSide;
    private final FakeHidDevice device;
    private final HeadsetController controller;
    private final Object lifecycle = new Object();
    private volatile boolean plugged;
    private volatile boolean closed;

    private FakeHeadset(HeadsetListener listener, Clock clock, Duration echoWindow) {
        TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(DESCRIPTOR));
        this.deviceSide = new FakeHeadsetDevice(model);
        String serial = "VH" + SERIALS.incrementAndGet();
        HidDeviceInfo info = new HidDeviceInfo(
                "fake:" + serial, "virtual", VENDOR_ID, PRODUCT_ID, "CX Pulse Fake Headset", serial, DESCRIPTOR);
        this.device = new FakeHidDevice(info, this::onOutput);
        this.controller = new HeadsetController(model, listener, clock, echoWindow);
        plugIn();
    }

    /** A plugged-in fake headset with the default 500 ms echo window. */
    public static FakeHeadset create(HeadsetListener listener, Clock clock) {
        return create(listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW);
    }

    /**
     * A plugged-in fake headset. Hook changes within {@code echoWindow} (by {@code clock}) of the host changing
     * Off-Hook are taken as echoes and ignored, as with a real headset; pass {@link Duration#ZERO} for a simulator
     * that hangs up faster than that.
     */
    public static FakeHeadset create(HeadsetListener listener, Clock clock, Duration echoWindow) {
        return new FakeHeadset(listener, clock, echoWindow);
    }

    /** The report descriptor this headset presents (a copy). */
    public static byte[] descriptor() {
        return DESCRIPTOR.clone();
    }

    // Lock order: lifecycle, then the state machine, then deviceSide. Device-side reports are built under the
    // deviceSide lock and delivered after releasing it, because delivery re-enters it through the LED echo.
    private void onOutput(byte[] report) {
        synchronized (deviceSide) {
            deviceSide.applyOutput(report);
        }
    }

    private void deliver(List<byte[]> reports) {
        if (closed) {
            throw new IllegalStateException("fake headset " + device.info().serial() + " is closed");
        }
        if (plugged) {
            reports.forEach(device::send);
        }
    }

    /** The agent takes the call (lifts the headset / presses answer). */
    public void hookOff() {
        List<byte[]> reports;
        synchronized (deviceSide) {
            reports = deviceSide.hookOff();
        }
        deliver(reports);
    }

    /** The agent hangs up. */
    public void hookOn() {
        List<byte[]> reports;
        synchronized (deviceSide) {
            reports = deviceSide.hookOn();
        }
        deliver(reports);
    }

    /** One press of the headset's mute button (toggles mute while a call is active). */
    public void pressMute() {
        List<byte[]> reports;
        synchronized (deviceSide) {
            reports = deviceSide.pressMute();
        }
        deliver(reports);
    }

    /** Puts the call on hold or resumes it with the headset's Hold button (pressed only if the state differs). */
    public void hold(boolean held) {
        if (controller.machine().held() == held) {
            return;
        }
        List<byte[]> reports;
        synchronized (deviceSide) {
            reports = deviceSide.pressHold();
        }
        deliver(reports);
    }

    /** The host signals an incoming call (Ring LED and ringer) or stops ringing. */
    public void ring(boolean ringing) {
        controller.ring(ringing);
    }

    /** The cable comes out: the host hears the device leave; a call in progress stays active. */
    public void unplug() {
        synchronized (lifecycle) {
            if (plugged) {
                plugged = false;
                device.unplug();
            }
        }
    }

    /** The cable goes back in: the host rewrites every LED. */
    public void plugIn() {
        synchronized (lifecycle) {
            if (!plugged && !closed) {
                plugged = true;
                device.connect(controller);
                controller.attach(device);
            }
        }
    }

    /** Whether the fake cable is in. */
    public boolean plugged() {
        return plugged;
    }

    /** The LEDs the headset shows, as the host last wrote them. */
    public LedState ledState() {
        synchronized (deviceSide) {
            return deviceSide.ledState();
        }
    }

    /** The host's call state for this headset. */
    public CallState callState() {
        return controller.state();
    }

    /** Whether the host considers the call muted. */
    public boolean muted() {
        return controller.machine().muted();
    }

    /** The host side, for ring/answer/end from the rest of the agent. */
    public HeadsetController controller() {
        return controller;
    }

    /** Serial number, unique within the JVM (VH1, VH2, ...). */
    public String serial() {
        return device.info().serial();
    }

    /** Unplugs the headset for good; later actions throw {@link IllegalStateException}. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!closed) {
                unplug();
                closed = true;
                device.close();
            }
        }
    }
}
