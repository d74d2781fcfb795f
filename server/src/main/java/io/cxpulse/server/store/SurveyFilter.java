package io.cxpulse.server.store;

/**
 * Which survey program version figures are read for: the surveys of program {@code surveyId} (when not null) and of
 * its {@code version} (when not null). Neither set: every survey, whatever version it was asked in. Calls have no
 * version: call figures are never narrowed.
 */
public record SurveyFilter(String surveyId, Integer version) {
    /** Every survey. */
    public static final SurveyFilter ALL = new SurveyFilter(null, null);

    public boolean isEmpty() {
        return surveyId == null && version == null;
    }
}
