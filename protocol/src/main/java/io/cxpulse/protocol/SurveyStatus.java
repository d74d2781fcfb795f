package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a whole survey ended. */
public enum SurveyStatus {
    /** Every question answered. */
    COMPLETED("completed"),
    /** Some answered; the survey ran to its end. */
    PARTIAL("partial"),
    /** Nothing answered. */
    NO_INPUT("no-input"),
    /** The caller hung up before the end; the answers so far are kept. */
    ABANDONED("abandoned");

    private final String wire;

    SurveyStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
