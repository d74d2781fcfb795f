package io.cxpulse.server.metrics;

import io.cxpulse.protocol.CallRecord;

/**
 * Mergeable tallies behind every metric: sums and counts only, so that time buckets, agents and teams combine exactly
 * with {@link #plus}. Calls contribute call fields, surveys contribute survey fields. {@code endedKnown} counts the
 * calls whose record says who ended them, {@code callerEnded} those of them the caller ended first.
 */
public record Counts(
        long calls,
        long talkMs,
        long muteMs,
        long surveysOffered,
        long surveys,
        long responses,
        long promoters,
        long passives,
        long detractors,
        long csatN,
        long csatSum,
        long csatTop2,
        long resolvedN,
        long resolvedYes,
        long endedKnown,
        long callerEnded) {
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static Counts ofCall(CallRecord call) {
        return ofCall(
                call.talkMs(),
                call.muteMs(),
                call.surveyOffered(),
                call.endedBy() == null ? null : call.endedBy().wire());
    }

    public static Counts ofCall(long talkMs, long muteMs, boolean surveyOffered) {
        return ofCall(talkMs, muteMs, surveyOffered, null);
    }

    /** A call's counts; {@code endedBy} is the wire name ({@code agent}, {@code caller}) or null when unknown. */
    public static Counts ofCall(long talkMs, long muteMs, boolean surveyOffered, String endedBy) {
        return new Counts(
                1,
                talkMs,
                muteMs,
                surveyOffered ? 1 : 0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                endedBy == null ? 0 : 1,
                "caller".equals(endedBy) ? 1 : 0);
    }

    public static Counts ofSurvey(SurveyScores s) {
        Integer nps = s.nps();
        Integer csat = s.csat();
        Integer resolved = s.resolved();
        return new Counts(
                0,
                0,
                0,
                0,
                1,
                s.answered() > 0 ? 1 : 0,
                nps != null && nps >= 9 ? 1 : 0,
                nps != null && nps >= 7 && nps <= 8 ? 1 : 0,
                nps != null && nps <= 6 ? 1 : 0,
                csat != null ? 1 : 0,
                csat != null ? csat : 0,
                csat != null && csat >= 4 ? 1 : 0,
                resolved != null ? 1 : 0,
                resolved != null && resolved == 1 ? 1 : 0,
                0,
                0);
    }

    public Counts plus(Counts o) {
        return new Counts(
                calls + o.calls,
                talkMs + o.talkMs,
                muteMs + o.muteMs,
                surveysOffered + o.surveysOffered,
                surveys + o.surveys,
                responses + o.responses,
                promoters + o.promoters,
                passives + o.passives,
                detractors + o.detractors,
                csatN + o.csatN,
                csatSum + o.csatSum,
                csatTop2 + o.csatTop2,
                resolvedN + o.resolvedN,
                resolvedYes + o.resolvedYes,
                endedKnown + o.endedKnown,
                callerEnded + o.callerEnded);
    }

    /** Number of NPS answers. */
    public long npsN() {
        return promoters + passives + detractors;
    }
}
