package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headset as the agent drives it: the host-owned state machine bound to whichever open {@link HidDevice}
 * currently stands for that headset. The state outlives the device, so a call survives an unplug and replug.
 */
public final class HeadsetController implements HidInputHandler {
    private static final Logger log = LoggerFactory.getLogger(HeadsetController.class);

    private final HeadsetStateMachine machine;
    private volatile HidDevice device;

    public HeadsetController(TelephonyModel model, HeadsetListener listener, Clock clock, Duration echoWindow) {
        this.machine = new HeadsetStateMachine(model, listener, clock, echoWindow, this::write);
    }

    /** A controller for a device's report descriptor; throws if it is malformed. */
    public static HeadsetController forDescriptor(
            byte[] reportDescriptor, HeadsetListener listener, Clock clock, Duration echoWindow) {
        return new HeadsetController(
                TelephonyModel.of(ReportDescriptorParser.parse(reportDescriptor)), listener, clock, echoWindow);
    }

    /** Binds an open device (after plug-in or replug) and writes the whole LED state to it. */
    public void attach(HidDevice opened) {
        this.device = opened;
        machine.deviceConnected();
    }

    /** Forgets the device (it was unplugged); the call state stays. */
    public void detach() {
        this.device = null;
        machine.deviceDisconnected();
    }

    /** The device currently bound, or null. */
    public HidDevice device() {
        return device;
    }

    @Override
    public void inputReport(byte[] report) {
        try {
            machine.onInputReport(report);
        } catch (RuntimeException e) {
            log.error("input report of {} not handled", device == null ? "headset" : device.info(), e);
        }
    }

    @Override
    public void removed() {
        HidDevice d = device;
        if (d != null) {
            log.info("headset {} removed", d.info());
            d.close();
        }
        detach();
    }

    private void write(byte[] report) {
        HidDevice d = device;
        if (d == null) {
            return;
        }
        try {
            d.write(report);
        } catch (IOException e) {
            log.warn("output report {} to {} failed: {}", report[0] & 0xFF, d.info(), e.toString());
        }
    }

    public HeadsetStateMachine machine() {
        return machine;
    }

    public CallState state() {
        return machine.state();
    }

    public LedState ledState() {
        return machine.ledState();
    }

    /** See {@link HeadsetStateMachine#ring(boolean)}. */
    public void ring(boolean ringing) {
        machine.ring(ringing);
    }

    /** See {@link HeadsetStateMachine#answerFromHost()}. */
    public void answerFromHost() {
        machine.answerFromHost();
    }

    /** See {@link HeadsetStateMachine#endFromHost()}. */
    public void endFromHost() {
        machine.endFromHost();
    }

    /** See {@link HeadsetStateMachine#setMuted(boolean)}. */
    public void setMuted(boolean muted) {
        machine.setMuted(muted);
    }

    /** See {@link HeadsetStateMachine#setHeld(boolean)}. */
    public void setHeld(boolean held) {
        machine.setHeld(held);
    }
}
