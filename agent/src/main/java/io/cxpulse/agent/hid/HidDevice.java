package io.cxpulse.agent.hid;

import java.io.IOException;

/** An open HID device: input reports arrive at the {@link HidInputHandler} given when it was opened. */
public interface HidDevice extends AutoCloseable {

    HidDeviceInfo info();

    /** Writes one output report: the report-ID byte (0 when the device uses none), then the payload. */
    void write(byte[] report) throws IOException;

    /** Stops delivering input and releases the device; idempotent. */
    @Override
    void close();
}
