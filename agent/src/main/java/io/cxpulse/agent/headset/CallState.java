package io.cxpulse.agent.headset;

/** The host's view of the line, which the headset follows. */
public enum CallState {
    IDLE,
    RINGING,
    ACTIVE
}
