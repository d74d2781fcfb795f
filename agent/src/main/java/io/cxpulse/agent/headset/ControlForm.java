package io.cxpulse.agent.headset;

/** How an input control reports: read from the main item's flags and logical range, never from the vendor. */
public enum ControlForm {
    /** The value is the state (hook switch: 1 while off hook). */
    ABSOLUTE("absolute"),
    /** Relative 0..1: each 0 to 1 edge is one press. */
    TOGGLE("toggle"),
    /** Relative -1..1: +1 presses the "on" side, -1 the "off" side. */
    TWO_BUTTON("two-button");

    private final String jsonName;

    ControlForm(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
