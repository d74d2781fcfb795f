package io.cxpulse.agent.call;

/**
 * What is known, when a call ends, about whether its caller was surveyed recently: by any agent, within the program's
 * {@code repeatDays}.
 */
public enum CallerHistory {
    /** The caller had a survey within the window. */
    SURVEYED_RECENTLY,
    /** The caller had no survey within the window. */
    NOT_SURVEYED,
    /**
     * Not known: the line does not know the caller's number (the USB adapter), or the answer did not come in time. The
     * call is then surveyed as if the rule did not exist: a missing answer never silences the survey.
     */
    UNKNOWN
}
