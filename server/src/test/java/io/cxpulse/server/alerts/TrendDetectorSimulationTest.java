package io.cxpulse.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trend detector's false alarms and detection delay, measured on simulated agents: after each survey the agent's
 * latest {@link TrendDetector#WINDOW} surveys go through {@link TrendDetector#evaluate} exactly as the server does
 * after a commit, and an alert is counted the way the store admits one (a slide whose run started after the agent's
 * last trend alert).
 */
class TrendDetectorSimulationTest {
    private static final Logger log = LoggerFactory.getLogger(TrendDetectorSimulationTest.class);
    /** Surveys answered per agent per week: 2-3 a day over 5 days. */
    static final int SURVEYS_PER_WEEK = 12;
    /** The center's detractor rate. */
    static final double CENTER = 0.10;

    /** One simulated agent's surveys (true: a detractor), and whether each raised a trend alert. */
    static final class SimulatedAgent {
        final List<Boolean> detractor = new ArrayList<>();
        private int lastAlert = -1;

        /** Adds a survey and evaluates as the server does after its commit; true when it raised an alert. */
        boolean survey(boolean isDetractor) {
            detractor.add(isDetractor);
            int now = detractor.size() - 1;
            int from = Math.max(0, detractor.size() - TrendDetector.WINDOW);
            Optional<TrendDetector.Slide> slide =
                    TrendDetector.evaluate(detractor.subList(from, detractor.size()), CENTER);
            if (slide.isPresent() && from + slide.get().start() > lastAlert) {
                lastAlert = now;
                return true;
            }
            return false;
        }
    }

    /** Logs a measured figure and keeps it under target/trend/ for a human to read after the run. */
    private static void figure(String file, String text) {
        log.info("{}", text.strip());
        try {
            Files.writeString(
                    Files.createDirectories(Path.of("target", "trend")).resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Beta(mean * weight, (1 - mean) * weight) draw, as the ratio of two gamma draws. */
    private static double beta(Random random, double mean, double weight) {
        double a = gamma(random, mean * weight);
        double b = gamma(random, (1 - mean) * weight);
        return a / (a + b);
    }

    /** A Gamma(shape, 1) draw by Marsaglia and Tsang's method. */
    private static double gamma(Random random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v <= 0) {
                continue;
            }
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    @Test
    void steadyAgentsRaiseAtMostOneFalseAlertPerHundredAgentWeeks() {
        Random random = new Random(20261129L);
        int agents = 400;
        int firstWeeks = 6;
        int weeks = 25;
        long falseAlerts = 0;
        long firstWeeksAlerts = 0;
        for (int a = 0; a < agents; a++) {
            // Agents differ: their steady rates spread around the center's (sd about 4 points).
            double rate = beta(random, CENTER, 50);
            SimulatedAgent agent = new SimulatedAgent();
            for (int s = 0; s < (firstWeeks + weeks) * SURVEYS_PER_WEEK; s++) {
                boolean raised = agent.survey(random.nextDouble() < rate);
                if (raised && s >= firstWeeks * SURVEYS_PER_WEEK) {
                    falseAlerts++;
                } else if (raised) {
                    firstWeeksAlerts++;
                }
            }
        }
        double perHundred = 100.0 * falseAlerts / (agents * weeks);
        figure(
                "false-alarms.txt",
                String.format(
                        Locale.ROOT,
                        "Steady agents at %d surveys a week: %d false trend alerts in %d agent-weeks (%.2f per 100"
                                + " agent-weeks); in their first %d weeks: %d in %d agent-weeks%n",
                        SURVEYS_PER_WEEK,
                        falseAlerts,
                        agents * weeks,
                        perHundred,
                        firstWeeks,
                        firstWeeksAlerts,
                        agents * firstWeeks));
        assertThat(perHundred).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aDropFromTenToFortyPercentDetractorsIsFoundWithinFifteenSurveysOnMedian() {
        Random random = new Random(7L);
        int agents = 600;
        int history = 200;
        int limit = 200;
        int[] delays = new int[agents];
        int missed = 0;
        for (int a = 0; a < agents; a++) {
            SimulatedAgent agent = new SimulatedAgent();
            for (int s = 0; s < history; s++) {
                agent.survey(random.nextDouble() < 0.10);
            }
            delays[a] = limit + 1;
            for (int s = 1; s <= limit; s++) {
                if (agent.survey(random.nextDouble() < 0.40)) {
                    delays[a] = s;
                    break;
                }
            }
            if (delays[a] > limit) {
                missed++;
            }
        }
        Arrays.sort(delays);
        int median = delays[agents / 2];
        figure(
                "detection.txt",
                String.format(
                        Locale.ROOT,
                        "Drop from 10%% to 40%% detractors after %d steady surveys: found after %d surveys on median"
                                + " (quartiles %d and %d, 90th percentile %d); %d of %d not found within %d%n",
                        history,
                        median,
                        delays[agents / 4],
                        delays[3 * agents / 4],
                        delays[agents * 9 / 10],
                        missed,
                        agents,
                        limit));
        assertThat(median).isLessThanOrEqualTo(15);
        assertThat(missed).isLessThan(agents / 50);
    }
}
