package io.cxpulse.agent.hid;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A HID device that lives in memory: the device side calls {@link #send} to deliver input reports (synchronously,
 * on the caller's thread) and receives the host's output reports through a callback. No threads, no native code.
 */
public final class FakeHidDevice implements HidDevice {
    private final HidDeviceInfo info;
    private final Consumer<byte[]> outputs;
    private volatile HidInputHandler handler;

    public FakeHidDevice(HidDeviceInfo info, Consumer<byte[]> outputs) {
        this.info = Objects.requireNonNull(info);
        this.outputs = Objects.requireNonNull(outputs);
    }

    /** Attaches the host side. */
    public void connect(HidInputHandler inputHandler) {
        this.handler = Objects.requireNonNull(inputHandler);
    }

    @Override
    public HidDeviceInfo info() {
        return info;
    }

    /** Delivers an input report to the host, if connected; returns whether it was delivered. */
    public boolean send(byte[] report) {
        HidInputHandler h = handler;
        if (h == null) {
            return false;
        }
        h.inputReport(report.clone());
        return true;
    }

    @Override
    public void write(byte[] report) {
        if (handler != null) {
            outputs.accept(report.clone());
        }
    }

    /** Simulates an unplug: the host hears {@code removed()} and the device stops talking. */
    public void unplug() {
        HidInputHandler h = handler;
        handler = null;
        if (h != null) {
            h.removed();
        }
    }

    @Override
    public void close() {
        handler = null;
    }
}
