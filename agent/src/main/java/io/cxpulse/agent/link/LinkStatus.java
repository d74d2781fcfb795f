package io.cxpulse.agent.link;

/** How the agent's connection to the server stands, for the agent's status line and logs. */
public record LinkStatus(State state, String detail, int pendingEvents) {

    /** Connection states. */
    public enum State {
        CONNECTING,
        ONLINE,
        OFFLINE,
        REJECTED,
        CLOSED
    }
}
