package io.cxpulse.agent.line.sip;

/**
 * Where the line's registration stands, with a sentence saying why: registered (and for how long), refused (with the
 * registrar's status and what to check), or no answer.
 */
public record Registration(State state, int status, String detail) {
    /** The registration's state. */
    public enum State {
        /** No registrar configured: calls reach the agent at its listening address. */
        NONE,
        /** A REGISTER is on its way. */
        REGISTERING,
        /** The registrar accepted the binding; it is refreshed before it expires. */
        REGISTERED,
        /** The registrar refused (status says why) or did not answer (status 408). */
        FAILED
    }

    public static final Registration NONE = new Registration(State.NONE, 0, "no registrar configured");

    @Override
    public String toString() {
        return state + (status > 0 ? " " + status : "") + ": " + detail;
    }
}
