package io.cxpulse.agent.call;

/**
 * Which calls get the post-call survey. The rule looks only at the call, never at who the caller is, so no agent can
 * choose who is asked: every call with at least {@code minTalkMs} of talk is surveyed, or, with a sampling share,
 * that share of them, chosen by the call's id. With {@code repeatDays} above 0, a caller known to have had a survey
 * within that many days is not asked again; a caller whose history is not known is asked.
 */
public record SurveyPolicy(long minTalkMs, int samplePercent, int repeatDays) {
    /** Calls shorter than this are wrong numbers and transfers, not service. */
    public static final SurveyPolicy DEFAULT = new SurveyPolicy(10_000);

    public SurveyPolicy {
        if (minTalkMs < 0) {
            throw new IllegalArgumentException("minTalkMs must not be negative, got " + minTalkMs);
        }
        if (samplePercent < 1 || samplePercent > 100) {
            throw new IllegalArgumentException("samplePercent must be 1-100, got " + samplePercent);
        }
        if (repeatDays < 0 || repeatDays > 365) {
            throw new IllegalArgumentException("repeatDays must be 0-365, got " + repeatDays);
        }
    }

    /** A share of the calls with at least {@code minTalkMs} of talk, whoever the caller. */
    public SurveyPolicy(long minTalkMs, int samplePercent) {
        this(minTalkMs, samplePercent, 0);
    }

    /** Every call with at least {@code minTalkMs} of talk. */
    public SurveyPolicy(long minTalkMs) {
        this(minTalkMs, 100, 0);
    }

    /** Whether a call is surveyed when its caller's history is not known. */
    public boolean eligible(CallSummary call) {
        return eligible(call, CallerHistory.UNKNOWN);
    }

    /** Whether a call is surveyed, given what is known of its caller's recent surveys. */
    public boolean eligible(CallSummary call, CallerHistory history) {
        if (repeatDays > 0 && history == CallerHistory.SURVEYED_RECENTLY) {
            return false;
        }
        return call.talkMs() >= minTalkMs && sampled(call.callId());
    }

    /** Whether a call falls in the sampling share: a fixed function of its id, the same on every run. */
    boolean sampled(String callId) {
        return samplePercent == 100 || Math.floorMod(callId.hashCode() * 0x9E3779B9, 100) < samplePercent;
    }
}
