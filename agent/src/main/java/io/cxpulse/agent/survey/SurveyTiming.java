package io.cxpulse.agent.survey;

/**
 * The survey's timers and retry limit.
 *
 * @param noInputMillis silence after a question's prompt before it is asked again or given up
 * @param interDigitMillis wait after a digit that could start a longer answer (the {@code 1} of NPS {@code 10})
 * @param hangupSilenceMillis nothing heard for this long after the last prompt means the caller has gone
 * @param maxRetries how many times one question is asked again after an invalid entry or no input
 */
public record SurveyTiming(int noInputMillis, int interDigitMillis, int hangupSilenceMillis, int maxRetries) {

    /** 5 s no input, 2 s between digits, 10 s of silence for a hang-up, 2 retries. */
    public static final SurveyTiming DEFAULT = new SurveyTiming(5000, 2000, 10000, 2);

    public SurveyTiming {
        if (noInputMillis <= 0 || interDigitMillis <= 0 || hangupSilenceMillis <= 0) {
            throw new IllegalArgumentException("survey timers must be positive");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be 0-10, got " + maxRetries);
        }
    }
}
