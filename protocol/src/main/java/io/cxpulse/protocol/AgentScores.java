package io.cxpulse.protocol;

import java.util.List;

/**
 * The server's account of one agent's own scores, sent to that agent only, over its authenticated link, once the agent
 * has asked with {@link ScoresSubscribe}: at once, then after each of its surveys is stored. Agents that do not ask
 * never receive it.
 *
 * @param agentId the agent the scores are of: always the connection's own agent
 * @param asOfMs when the figures were taken
 * @param today figures since the start of today in the center's time zone
 * @param week figures since the start of this week (Monday) in the center's time zone
 * @param recent the agent's last few survey results, newest first: the answers only
 */
public record AgentScores(String agentId, long asOfMs, Period today, Period week, List<Recent> recent)
        implements Message {
    /** At most this many recent results are sent. */
    public static final int MAX_RECENT = 10;

    public AgentScores {
        Check.id("agentId", agentId);
        Check.nonNegative("asOfMs", asOfMs);
        Check.required("today", today);
        Check.required("week", week);
        Check.required("recent", recent);
        if (recent.size() > MAX_RECENT) {
            throw new IllegalArgumentException("at most " + MAX_RECENT + " recent results, got " + recent.size());
        }
        recent = List.copyOf(recent);
    }

    /**
     * Scores over one period.
     *
     * @param npsResponses NPS answers counted (n)
     * @param nps promoters minus detractors as a percentage of n (-100..100); null when n is 0
     * @param npsMargin half-width of the 95% confidence interval of {@code nps}; null when n is 0
     * @param csatResponses CSAT answers counted
     * @param csat the mean CSAT (1..5); null without answers
     */
    public record Period(int npsResponses, Double nps, Double npsMargin, int csatResponses, Double csat) {
        public Period {
            if (npsResponses < 0 || csatResponses < 0) {
                throw new IllegalArgumentException("response counts must not be negative");
            }
            if ((npsResponses == 0) != (nps == null) || (nps == null) != (npsMargin == null)) {
                throw new IllegalArgumentException("nps and npsMargin are set exactly when npsResponses > 0");
            }
            if (nps != null && (nps < -100 || nps > 100 || npsMargin < 0)) {
                throw new IllegalArgumentException("nps must lie in -100..100 with a non-negative margin");
            }
            if ((csatResponses == 0) != (csat == null) || (csat != null && (csat < 1 || csat > 5))) {
                throw new IllegalArgumentException("csat is a mean in 1..5, set exactly when csatResponses > 0");
            }
        }
    }

    /**
     * One of the agent's survey results.
     *
     * @param endMs when the survey ended
     * @param answers the answered questions, in survey order
     */
    public record Recent(long endMs, List<Answer> answers) {
        public Recent {
            Check.nonNegative("endMs", endMs);
            Check.required("answers", answers);
            answers = List.copyOf(answers);
            for (Answer a : answers) {
                if (a.outcome() != AnswerOutcome.ANSWERED) {
                    throw new IllegalArgumentException("recent results carry answered questions only");
                }
            }
        }
    }
}
