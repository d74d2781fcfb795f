package io.cxpulse.protocol;

/** A survey definition breaks a rule; the message names the source and the field. */
public class SurveySpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SurveySpecException(String message) {
        super(message);
    }

    public SurveySpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
