package io.cxpulse.agent.hid;

/** Receives what an open device sends; called on the backend's reader thread, so it must return quickly. */
public interface HidInputHandler {

    /** One input report as read: report-ID byte first when the device uses report IDs. */
    void inputReport(byte[] report);

    /** The device went away (unplugged, or its node failed); no more reports follow. */
    void removed();
}
