package io.cxpulse.server.metrics;

/**
 * A 95% confidence interval of a share, by the Wilson score method: it stays inside 0..1 and is wide, not zero, for a
 * handful of unanimous answers.
 */
public record Interval(double low, double high) {
    private static final double Z95 = 1.96;

    /** The interval of {@code k} out of {@code n}; null when {@code n} is zero (nothing measured). */
    public static Interval wilson(long k, long n) {
        if (n <= 0) {
            return null;
        }
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
