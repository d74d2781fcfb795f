package io.cxpulse.server.metrics;

/**
 * The metrics of one agent or team over one window, derived from its {@link Counts}. Ratios and scores are null when
 * nothing was measured, never a misleading zero. NPS and its margin are on the -100..100 scale.
 *
 * <p>The response rate is responses over offered surveys (or over received surveys when an agent reported more
 * surveys than offers, so that it never exceeds 1).
 *
 * @param nps promoters minus detractors, as a percentage of NPS answers
 * @param npsMargin half-width of the 95% confidence interval of {@code nps}, by the adjusted-Wald method: three
 *     pseudo-answers (3/4 promoter, 3/4 detractor, 3/2 passive) are added before the variance is taken, so that a
 *     handful of unanimous answers still shows its uncertainty instead of a margin of zero
 * @param fairNps {@code nps} shrunk toward the center's NPS by {@link #PRIOR_WEIGHT} pseudo-answers, for ranking
 * @param smallSample fewer than {@link #SMALL_SAMPLE} NPS answers: treat the score as indicative only
 * @param callerEndedShare of the calls that say who ended them, the share the caller ended before the agent: a
 *     gaming signal (an agent who lets callers hang up skips their surveys), null when no call says
 */
public record Metrics(
        Counts counts,
        Double responseRate,
        Double nps,
        Double npsMargin,
        Double fairNps,
        boolean smallSample,
        Double csatMean,
        Double csatTop2,
        Double resolutionRate,
        Double muteRatio,
        Double callerEndedShare) {
    /** Below this many NPS answers a score is flagged as a small sample. */
    public static final int SMALL_SAMPLE = 30;
    /** Pseudo-answers at the center's NPS mixed into every fair score. */
    public static final double PRIOR_WEIGHT = 20;

    private static final double Z95 = 1.96;

    /**
     * Derives metrics from counts; {@code center} is the whole center's counts over the same window, the prior of the
     * fair score.
     */
    public static Metrics of(Counts c, Counts center) {
        long n = c.npsN();
        Double nps = null;
        Double margin = null;
        if (n > 0) {
            nps = 100.0 * (c.promoters() - c.detractors()) / n;
            double adjustedN = n + 3;
            double p = (c.promoters() + 0.75) / adjustedN;
            double d = (c.detractors() + 0.75) / adjustedN;
            double variance = p + d - (p - d) * (p - d);
            margin = 100 * Z95 * Math.sqrt(variance / adjustedN);
        }
        return new Metrics(
                c,
                ratio(c.responses(), Math.max(c.surveysOffered(), c.surveys())),
                nps,
                margin,
                fair(c, center),
                n < SMALL_SAMPLE,
                c.csatN() == 0 ? null : (double) c.csatSum() / c.csatN(),
                ratio(c.csatTop2(), c.csatN()),
                ratio(c.resolvedYes(), c.resolvedN()),
                ratio(c.muteMs(), c.talkMs()),
                ratio(c.callerEnded(), c.endedKnown()));
    }

    /**
     * Bayesian shrinkage: the agent's promoter and detractor shares are averaged with the center's, weighted by the
     * agent's answers and {@link #PRIOR_WEIGHT}. With no center data the prior is a neutral 0.
     */
    static Double fair(Counts c, Counts center) {
        long n = c.npsN();
        long cn = center.npsN();
        if (n == 0 && cn == 0) {
            return null;
        }
        double priorNps = cn == 0 ? 0 : 100.0 * (center.promoters() - center.detractors()) / cn;
        double own = n == 0 ? 0 : 100.0 * (c.promoters() - c.detractors()) / n;
        return (n * own + PRIOR_WEIGHT * priorNps) / (n + PRIOR_WEIGHT);
    }

    private static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }
}
