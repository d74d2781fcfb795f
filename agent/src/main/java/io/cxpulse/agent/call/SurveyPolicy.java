package io.cxpulse.agent.call;

/**
 * Which calls get the post-call survey. The rule looks only at the call, never at who the caller is, so no agent can
 * choose who is asked: every call with at least {@code minTalkMs} of talk is surveyed.
 */
public record SurveyPolicy(long minTalkMs) {
    /** Calls shorter than this are wrong numbers and transfers, not service. */
    public static final SurveyPolicy DEFAULT = new SurveyPolicy(10_000);

    public SurveyPolicy {
        if (minTalkMs < 0) {
            throw new IllegalArgumentException("minTalkMs must not be negative, got " + minTalkMs);
        }
    }

    public boolean eligible(CallSummary call) {
        return call.talkMs() >= minTalkMs;
    }
}
