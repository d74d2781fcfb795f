package io.cxpulse.agent.hid;

/** The three kinds of HID report a main item can add a field to. */
public enum ReportType {
    INPUT,
    OUTPUT,
    FEATURE
}
