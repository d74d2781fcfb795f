package io.cxpulse.agent.headset;

/** The indicator state the host drives on the headset; a device shows only the LEDs it has. */
public record LedState(boolean offHook, boolean mute, boolean ring, boolean hold, boolean ringer) {
    public static final LedState OFF = new LedState(false, false, false, false, false);
}
