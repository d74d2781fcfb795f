package io.cxpulse.agent.headset;

import java.time.Instant;

/**
 * What the active headset tells the rest of the agent, after the host has accepted the device's request. Called on the
 * headset's reader thread: implementations hand work off and return at once.
 */
public interface HeadsetListener {

    /** The agent took the call (hook off accepted); the call is active from now. */
    void callAnswered(Instant at);

    /** The host's mute state changed (a Phone Mute press toggles it). */
    void muteChanged(boolean muted, Instant at);

    /** The call was put on hold or taken off hold. */
    void holdChanged(boolean held, Instant at);

    /** The agent hung up an active call: raised exactly once per call; this starts the caller's survey. */
    void callEnded(Instant at);

    /** The headset went away or came back; a call in progress survives a brief absence. */
    default void connectionChanged(boolean connected, Instant at) {}
}
