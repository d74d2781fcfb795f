package io.cxpulse.agent.survey;

/** How a survey ended. */
public enum SurveyStatus {
    /** Every question answered. */
    COMPLETED("completed"),
    /** Some questions answered and the survey ran to its end. */
    PARTIAL("partial"),
    /** The survey ran to its end without a single answer. */
    NO_INPUT("no-input"),
    /** The caller hung up before the last question was settled; answers so far are kept. */
    ABANDONED("abandoned");

    private final String jsonName;

    SurveyStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in results. */
    public String jsonName() {
        return jsonName;
    }
}
