package io.cxpulse.agent.sim;

import java.util.random.RandomGenerator;

/**
 * How one simulated agent's callers tend to feel, so that the fleet shows a spread of scores: {@code mood} 0 (awful)
 * to 1 (delighted) is the centre of the callers' satisfaction, and each call varies around it.
 */
public record CallerProfile(double mood) {
    public CallerProfile {
        if (!(mood >= 0 && mood <= 1)) {
            throw new IllegalArgumentException("mood must be within 0..1, got " + mood);
        }
    }

    /** Spreads moods over a fleet: mostly content agents, a few struggling, a few excellent. */
    public static CallerProfile forAgent(int index, RandomGenerator random) {
        double base = 0.5 + 0.45 * ((index * 0.618034) % 1.0);
        double jitter = (random.nextDouble() - 0.5) * 0.1;
        return new CallerProfile(Math.max(0, Math.min(1, base + jitter)));
    }

    /** This call's satisfaction, 0..1. */
    double satisfaction(RandomGenerator random) {
        double s = mood + random.nextGaussian() * 0.18;
        return Math.max(0, Math.min(1, s));
    }
}
