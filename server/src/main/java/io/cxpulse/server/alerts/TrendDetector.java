package io.cxpulse.server.alerts;

import java.util.List;
import java.util.Optional;

/**
 * Early warning of an agent's slide on one yes/no measure (a detractor, an unsatisfied CSAT answer), from the agent's
 * latest surveys, oldest first. Pure: the same surveys, center rate and surveys a week always give the same answer, so
 * every node of a cluster reaches the same verdict.
 *
 * <p>The method, a Bernoulli CUSUM over a beta-binomial baseline:
 *
 * <ul>
 *   <li>The agent's baseline rate is their own surveys before the current run, shrunk toward the center's rate by
 *       {@link #PRIOR_WEIGHT} pseudo-surveys (a Beta prior), so that a new agent or one with few surveys starts at the
 *       center's rate instead of at a noisy guess; runs are tested against its mean plus {@link #BASELINE_MARGIN_SD}
 *       posterior standard deviations, so that an uncertain baseline asks for stronger evidence.
 *   <li>Each survey adds the log-likelihood ratio of "the rate rose to {@link #shifted} the baseline" against "it is
 *       still the baseline" to a running sum that never goes below zero; while it is above zero the surveys since it
 *       left zero are the current run, kept out of the baseline.
 *   <li>A slide is called when the sum reaches the {@link #threshold} for the agent's surveys a week and the run's
 *       rate is above the center's with posterior probability at least {@link #MIN_SURE_ABOVE_CENTER}: worse than
 *       themselves and worse than the center. The threshold grows with the volume so that false alarms per week,
 *       not per survey, stay bounded.
 *   <li>Once called, the slide lasts until a second sum, the reverse ratio, reaches {@link #RECOVERY} (the agent is
 *       back at their baseline); surveys of a slide never enter the baseline.
 * </ul>
 */
public final class TrendDetector {
    /** Pseudo-surveys at the center's rate in every baseline. */
    public static final double PRIOR_WEIGHT = 20;
    /** The CUSUM level at which a slide is called for an agent answering up to {@link #BASE_VOLUME} surveys a week. */
    public static final double THRESHOLD = 4.25;
    /** Surveys a week up to which {@link #THRESHOLD} holds; busier agents get a higher one, see {@link #threshold}. */
    public static final double BASE_VOLUME = 12;
    /**
     * The threshold at higher volumes, calibrated by simulation so that steady agents raise at most one false alarm
     * per 100 weeks: pairs of surveys a week and threshold, interpolated in the logarithm of the volume.
     */
    private static final double[][] THRESHOLDS = {{BASE_VOLUME, THRESHOLD}, {40, 6.0}, {125, 8.5}};
    /** The most surveys a week an agent is counted at (about 50 a day), which bounds the threshold. */
    public static final double MAX_VOLUME = 250;
    /** How far back the agent's survey rate is measured. */
    public static final long VOLUME_SPAN_MS = 28 * 86_400_000L;

    private static final long WEEK_MS = 7 * 86_400_000L;
    /**
     * How many posterior standard deviations above the baseline's mean the tested rate sits, so that a baseline that
     * happens to be estimated low does not make ordinary surveys look like a slide.
     */
    public static final double BASELINE_MARGIN_SD = 1.5;
    /** The reverse CUSUM level at which a slide is over. */
    public static final double RECOVERY = 3.0;
    /** How sure the run's rate must be above the center's. */
    public static final double MIN_SURE_ABOVE_CENTER = 0.8;
    /** The latest surveys of an agent the detector reads. */
    public static final int WINDOW = 300;

    private static final double MIN_RATE = 0.01;
    private static final double MAX_RATE = 0.9;
    private static final int GRID = 500;

    private TrendDetector() {}

    /**
     * A slide in progress at the end of the surveys.
     *
     * @param start index of the first survey of the run that became the slide
     * @param alarm index of the survey at which it was called
     * @param baselineN surveys in the baseline (pseudo-surveys not counted)
     * @param baselineRate the baseline's rate (its posterior mean, with the prior)
     * @param n surveys since the run started, up to the alarm
     * @param bad of them, the detractors (or unsatisfied answers)
     * @param sureAboveBaseline posterior probability that the rate since the start is above the baseline's
     * @param sureAboveCenter posterior probability that the rate since the start is above the center's
     */
    public record Slide(
            int start,
            int alarm,
            int baselineN,
            double baselineRate,
            int n,
            int bad,
            double centerRate,
            double sureAboveBaseline,
            double sureAboveCenter) {
        /** The rate since the run started. */
        public double rate() {
            return n == 0 ? 0 : (double) bad / n;
        }
    }

    /** The rate a run is tested for: double the baseline, at least 20 points above it. */
    static double shifted(double baseline) {
        return Math.min(0.95, Math.max(2 * baseline, baseline + 0.2));
    }

    /**
     * The CUSUM level at which a slide is called for an agent answering {@code surveysPerWeek}: {@link #THRESHOLD} up
     * to {@link #BASE_VOLUME}, higher above it. False alarms come at a steady rate per survey, so a busier agent needs
     * a longer run length between them, in surveys, to keep the same false alarms per week; that takes a higher
     * threshold, which grows about with the logarithm of the run length.
     */
    public static double threshold(double surveysPerWeek) {
        if (!(surveysPerWeek > BASE_VOLUME)) {
            return THRESHOLD;
        }
        double volume = Math.min(MAX_VOLUME, surveysPerWeek);
        double x = Math.log(volume);
        int k = 1;
        while (k < THRESHOLDS.length - 1 && volume > THRESHOLDS[k][0]) {
            k++;
        }
        double x0 = Math.log(THRESHOLDS[k - 1][0]);
        double x1 = Math.log(THRESHOLDS[k][0]);
        double y0 = THRESHOLDS[k - 1][1];
        double y1 = THRESHOLDS[k][1];
        // Past the last calibrated volume, the last slope goes on.
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }

    /**
     * The agent's surveys a week, from the end times of their latest surveys (oldest first, at most {@link #WINDOW}):
     * those within {@link #VOLUME_SPAN_MS} of the latest, over that span. When a full window lies within the span (a
     * busy agent), the gaps between its surveys over the time they cover. An agent with a shorter history counts as
     * having answered over the whole span, so a new agent starts at a lower volume (and threshold) and reaches their
     * own in {@link #VOLUME_SPAN_MS}. At most {@link #MAX_VOLUME}. Measured from the surveys alone, not the clock, so
     * that every node reaches the same figure.
     */
    public static double surveysPerWeek(List<Long> endMs) {
        if (endMs.isEmpty()) {
            return 0;
        }
        long first = endMs.get(0);
        long last = endMs.get(endMs.size() - 1);
        long from = last - VOLUME_SPAN_MS;
        double perWeek;
        if (endMs.size() >= WINDOW && first > from && last > first) {
            perWeek = (double) (endMs.size() - 1) * WEEK_MS / (last - first);
        } else {
            int n = 0;
            for (long t : endMs) {
                if (t > from) {
                    n++;
                }
            }
            perWeek = (double) n * WEEK_MS / VOLUME_SPAN_MS;
        }
        return Math.min(MAX_VOLUME, perWeek);
    }

    /**
     * The slide in progress at the end of {@code bad} (true: a detractor or unsatisfied answer), oldest first, for an
     * agent answering up to {@link #BASE_VOLUME} surveys a week; empty when there is none. {@code centerRate} is the
     * center's rate of the same measure.
     */
    public static Optional<Slide> evaluate(List<Boolean> bad, double centerRate) {
        return evaluateAt(bad, centerRate, THRESHOLD);
    }

    /**
     * The slide in progress at the end of {@code bad}, as {@link #evaluate(List, double)}, for an agent answering
     * {@code surveysPerWeek} (see {@link #surveysPerWeek}): the slide is called at {@link #threshold} of that volume.
     */
    public static Optional<Slide> evaluate(List<Boolean> bad, double centerRate, double surveysPerWeek) {
        return evaluateAt(bad, centerRate, threshold(surveysPerWeek));
    }

    static Optional<Slide> evaluateAt(List<Boolean> bad, double centerRate, double threshold) {
        double center = clamp(centerRate);
        double baseBad = 0;
        double baseN = 0;
        Run run = new Run();
        Steps steps = Steps.against(center, baseBad, baseN);
        Slide slide = null;
        double back = 0;
        for (int i = 0; i < bad.size(); i++) {
            boolean x = bad.get(i);
            if (slide != null) {
                back = Math.max(0, back - steps.of(x));
                if (back >= RECOVERY) {
                    slide = null;
                    back = 0;
                    run.reset();
                    steps = Steps.against(center, baseBad, baseN);
                }
                continue;
            }
            double step = steps.of(x);
            if (run.sum + step <= 0) {
                baseBad += run.bad + (x ? 1 : 0);
                baseN += run.n + 1;
                run.reset();
                steps = Steps.against(center, baseBad, baseN);
                continue;
            }
            if (run.start < 0) {
                run.start = i;
            }
            run.sum += step;
            run.n++;
            run.bad += x ? 1 : 0;
            if (run.sum >= threshold) {
                double aboveCenter = 1 - betaCdf(1 + run.bad, 1 + run.n - run.bad, center);
                if (aboveCenter >= MIN_SURE_ABOVE_CENTER) {
                    double aboveBaseline = probabilityGreater(
                            1 + run.bad,
                            1 + run.n - run.bad,
                            PRIOR_WEIGHT * center + baseBad,
                            PRIOR_WEIGHT * (1 - center) + baseN - baseBad);
                    slide = new Slide(
                            run.start,
                            i,
                            (int) baseN,
                            mean(center, baseBad, baseN),
                            run.n,
                            run.bad,
                            center,
                            aboveBaseline,
                            aboveCenter);
                    back = 0;
                }
            }
        }
        return Optional.ofNullable(slide);
    }

    /**
     * The run of surveys under test against the baseline: its log-likelihood ratio, where it started (-1: no run yet),
     * its surveys and its bad answers.
     */
    private static final class Run {
        double sum;
        int start = -1;
        int n;
        int bad;

        void reset() {
            sum = 0;
            start = -1;
            n = 0;
            bad = 0;
        }
    }

    /**
     * What one survey adds to the log-likelihood ratio of "the rate rose to {@link #shifted} the baseline" against "it
     * is the baseline": {@code bad} for a bad answer, {@code good} (negative) for any other.
     */
    private record Steps(double bad, double good) {
        static Steps against(double center, double baseBad, double baseN) {
            double p0 = baseline(center, baseBad, baseN);
            double p1 = shifted(p0);
            return new Steps(Math.log(p1 / p0), Math.log((1 - p1) / (1 - p0)));
        }

        double of(boolean isBad) {
            return isBad ? bad : good;
        }
    }

    /** The baseline's posterior mean. */
    private static double mean(double center, double baseBad, double baseN) {
        return (PRIOR_WEIGHT * center + baseBad) / (PRIOR_WEIGHT + baseN);
    }

    /** The rate a run is tested against: the baseline's posterior mean plus {@link #BASELINE_MARGIN_SD} of its sd. */
    private static double baseline(double center, double baseBad, double baseN) {
        double m = mean(center, baseBad, baseN);
        double sd = Math.sqrt(m * (1 - m) / (PRIOR_WEIGHT + baseN + 1));
        return clamp(m + BASELINE_MARGIN_SD * sd);
    }

    private static double clamp(double p) {
        return Math.min(MAX_RATE, Math.max(MIN_RATE, p));
    }

    /** The Beta(a, b) density on a grid of midpoints, normalised to sum to 1. */
    private static double[] betaGrid(double a, double b) {
        double[] w = new double[GRID];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < GRID; k++) {
            double x = (k + 0.5) / GRID;
            w[k] = (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x);
            max = Math.max(max, w[k]);
        }
        double total = 0;
        for (int k = 0; k < GRID; k++) {
            w[k] = Math.exp(w[k] - max);
            total += w[k];
        }
        for (int k = 0; k < GRID; k++) {
            w[k] /= total;
        }
        return w;
    }

    /**
     * P(X &lt;= x) for X ~ Beta(a, b) with whole a and b: the chance of at least a successes in a + b - 1 trials of
     * chance x.
     */
    static double betaCdf(int a, int b, double x) {
        int n = a + b - 1;
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // The binomial probabilities from j = 0 up, in logs so that long runs do not underflow.
        double logPmf = n * Math.log(1 - x);
        double ratio = Math.log(x) - Math.log(1 - x);
        double tail = 0;
        for (int j = 0; j <= n; j++) {
            if (j >= a) {
                tail += Math.exp(logPmf);
            }
            logPmf += Math.log((double) (n - j) / (j + 1)) + ratio;
        }
        return Math.min(1, tail);
    }

    /** P(X &gt; Y) for independent X ~ Beta(a1, b1), Y ~ Beta(a2, b2), by the grid. */
    static double probabilityGreater(double a1, double b1, double a2, double b2) {
        double[] x = betaGrid(a1, b1);
        double[] y = betaGrid(a2, b2);
        double below = 0;
        double p = 0;
        for (int k = 0; k < GRID; k++) {
            p += x[k] * (below + y[k] / 2);
            below += y[k];
        }
        return p;
    }
}
