package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one survey question ended for the caller. */
public enum AnswerOutcome {
    ANSWERED("answered"),
    /** Nothing was keyed after the retries. */
    NO_INPUT("no-input"),
    /** Only invalid keys were pressed until the retries ran out. */
    INVALID("invalid"),
    /** The question was never asked (the caller hung up, or the survey was cut short). */
    SKIPPED("skipped");

    private final String wire;

    AnswerOutcome(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
