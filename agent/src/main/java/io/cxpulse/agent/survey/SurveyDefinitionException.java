package io.cxpulse.agent.survey;

/** A survey definition that cannot be used; the message names the file and the field at fault. */
public final class SurveyDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SurveyDefinitionException(String message) {
        super(message);
    }

    public SurveyDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
