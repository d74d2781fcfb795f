package io.cxpulse.agent.survey;

/** How the caller's hang-up was noticed, or that the line itself failed. */
public enum HangupCause {
    /** A busy or reorder tone came down the line. */
    BUSY_TONE("busy-tone"),
    /** The line itself signalled the end of the call. */
    LINE_SIGNAL("line-signal"),
    /** Nothing was heard for too long after the last prompt. */
    SILENCE("silence"),
    /** The line's device failed (unplugged, driver error); the survey stopped with what it had. */
    LINE_ERROR("line-error");

    private final String jsonName;

    HangupCause(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in results. */
    public String jsonName() {
        return jsonName;
    }
}
