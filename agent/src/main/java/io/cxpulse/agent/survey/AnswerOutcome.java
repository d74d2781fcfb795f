package io.cxpulse.agent.survey;

/** What became of one question. */
public enum AnswerOutcome {
    /** A valid answer was given. */
    ANSWERED("answered"),
    /** Nothing was pressed, even after the question was asked again. */
    NO_INPUT("no-input"),
    /** Keys were pressed but no valid answer came before the retries ran out. */
    INVALID("invalid"),
    /** Never settled because the caller hung up first. */
    SKIPPED("skipped");

    private final String jsonName;

    AnswerOutcome(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in results. */
    public String jsonName() {
        return jsonName;
    }
}
