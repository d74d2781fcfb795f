package io.cxpulse.agent.headset;

import java.util.Optional;

/** The telephony controls the agent understands, with their HID usages and stable names. */
public enum TelephonyUsage {
    HOOK_SWITCH("hook-switch", true, 0x0B, 0x20, 0x20),
    PHONE_MUTE("phone-mute", true, 0x0B, 0x2F, 0x2F),
    FLASH("flash", true, 0x0B, 0x21, 0x21),
    HOLD("hold", true, 0x0B, 0x23, 0x23),
    REDIAL("redial", true, 0x0B, 0x24, 0x24),
    DROP("drop", true, 0x0B, 0x26, 0x26),
    LINE_BUSY("line-busy", true, 0x0B, 0x97, 0x97),
    PROGRAMMABLE_BUTTON("programmable-button", true, 0x0B, 0x07, 0x07),
    PHONE_KEY("phone-key", true, 0x0B, 0xB0, 0xBF),
    LED_OFF_HOOK("led-off-hook", false, 0x08, 0x17, 0x17),
    LED_MUTE("led-mute", false, 0x08, 0x09, 0x09),
    LED_MICROPHONE("led-microphone", false, 0x08, 0x21, 0x21),
    LED_RING("led-ring", false, 0x08, 0x18, 0x18),
    LED_HOLD("led-hold", false, 0x08, 0x20, 0x20),
    RINGER("ringer", false, 0x0B, 0x9E, 0x9E);

    /** The Telephony usage page. */
    public static final int TELEPHONY_PAGE = 0x0B;

    private final String jsonName;
    private final boolean input;
    private final int page;
    private final int first;
    private final int last;

    TelephonyUsage(String jsonName, boolean input, int page, int first, int last) {
        this.jsonName = jsonName;
        this.input = input;
        this.page = page;
        this.first = first;
        this.last = last;
    }

    /** The stable name used by {@code cx-agent hid describe}. */
    public String jsonName() {
        return jsonName;
    }

    public boolean isInput() {
        return input;
    }

    /** The first full 32-bit usage of this control. */
    public int usage() {
        return (page << 16) | first;
    }

    private boolean matches(int usage) {
        int id = usage & 0xFFFF;
        return (usage >>> 16) == page && id >= first && id <= last;
    }

    /** The control a full 32-bit usage names in an input (or output) report, if any. */
    public static Optional<TelephonyUsage> of(int usage, boolean inInput) {
        for (TelephonyUsage u : values()) {
            if (u.input == inInput && u.matches(usage)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }
}
