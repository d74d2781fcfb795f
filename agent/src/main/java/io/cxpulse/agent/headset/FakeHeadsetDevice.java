package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.ReportBits;
import io.cxpulse.agent.hid.ReportType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The device side of a telephony headset, for any report descriptor: turns button actions into the input reports
 * that device would send, and reads the host's output reports back into LED state. Used by the fake headset and
 * by tests that play the device. Not thread-safe.
 */
public final class FakeHeadsetDevice {
    private final TelephonyModel model;
    private final boolean reportIds;
    private final Map<TelephonyControl, Long> values = new HashMap<>();
    private final Map<TelephonyUsage, Boolean> leds = new EnumMap<>(TelephonyUsage.class);

    public FakeHeadsetDevice(TelephonyModel model) {
        this.model = model.primary();
        this.reportIds = model.descriptor().usesReportIds();
    }

    public TelephonyModel model() {
        return model;
    }

    /** The agent lifts the headset (or presses answer): one report with the hook switch set. */
    public List<byte[]> hookOff() {
        return hook(true);
    }

    /** The agent hangs up: one report with the hook switch cleared. */
    public List<byte[]> hookOn() {
        return hook(false);
    }

    private List<byte[]> hook(boolean offHook) {
        TelephonyControl c = control(TelephonyUsage.HOOK_SWITCH);
        return switch (c.form()) {
            case ABSOLUTE -> List.of(set(c, offHook ? 1 : 0));
            case TOGGLE -> press(c, 1);
            case TWO_BUTTON -> press(c, offHook ? 1 : -1);
        };
    }

    /** One press of the Phone Mute button (a state flip on devices that report mute as absolute). */
    public List<byte[]> pressMute() {
        return pressOrFlip(control(TelephonyUsage.PHONE_MUTE), TelephonyUsage.LED_MUTE);
    }

    /** One press of the Hold button. */
    public List<byte[]> pressHold() {
        return pressOrFlip(control(TelephonyUsage.HOLD), TelephonyUsage.LED_HOLD);
    }

    private List<byte[]> pressOrFlip(TelephonyControl c, TelephonyUsage led) {
        boolean on = led(led);
        return switch (c.form()) {
            case ABSOLUTE -> List.of(set(c, on ? 0 : 1));
            case TOGGLE -> press(c, 1);
            case TWO_BUTTON -> press(c, on ? -1 : 1);
        };
    }

    private List<byte[]> press(TelephonyControl c, long value) {
        List<byte[]> reports = new ArrayList<>(2);
        reports.add(set(c, value));
        reports.add(set(c, 0));
        return reports;
    }

    /** Whether the device has the given input. */
    public boolean has(TelephonyUsage usage) {
        return model.input(usage).isPresent();
    }

    private TelephonyControl control(TelephonyUsage usage) {
        Optional<TelephonyControl> c = model.input(usage);
        return c.orElseThrow(() -> new IllegalStateException("the device has no " + usage.jsonName() + " input"));
    }

    private byte[] set(TelephonyControl c, long value) {
        values.put(c, value);
        return report(c.reportId());
    }

    /** The input report with the given ID carrying the current value of every control in it. */
    public byte[] report(int reportId) {
        int length = model.descriptor().reportBytes(ReportType.INPUT, reportId);
        int start = reportIds ? 1 : 0;
        byte[] report = new byte[length + start];
        if (reportIds) {
            report[0] = (byte) reportId;
        }
        for (TelephonyControl c : model.inputs()) {
            if (c.reportId() == reportId && !c.array()) {
                ReportBits.write(report, start, c.bitOffset(), c.bitSize(), values.getOrDefault(c, 0L));
            }
        }
        return report;
    }

    /** Applies an output report as written by the host (report-ID byte first, 0 without IDs). */
    public void applyOutput(byte[] report) {
        if (report.length == 0) {
            return;
        }
        int id = reportIds ? report[0] & 0xFF : 0;
        for (TelephonyControl c : model.outputs()) {
            if (c.reportId() == id) {
                leds.put(c.usage(), ReportBits.readUnsigned(report, 1, c.bitOffset(), c.bitSize()) != 0);
            }
        }
    }

    /** Whether the device currently shows the given output (false if it never received it). */
    public boolean led(TelephonyUsage usage) {
        return leds.getOrDefault(usage, false);
    }

    /** The device's LEDs as last written by the host. */
    public LedState ledState() {
        return new LedState(
                led(TelephonyUsage.LED_OFF_HOOK),
                led(TelephonyUsage.LED_MUTE),
                led(TelephonyUsage.LED_RING),
                led(TelephonyUsage.LED_HOLD),
                led(TelephonyUsage.RINGER));
    }
}
