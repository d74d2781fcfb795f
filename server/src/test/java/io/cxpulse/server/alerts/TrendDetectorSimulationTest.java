package io.cxpulse.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trend detector's false alarms and detection delay, measured on simulated agents at several survey volumes: after
 * each survey the agent's latest {@link TrendDetector#WINDOW} surveys go through {@link TrendDetector#evaluate} with
 * the agent's surveys a week measured from their times, exactly as the server does after a commit, and an alert is
 * counted the way the store admits one (a slide whose run started after the agent's last trend alert).
 */
class TrendDetectorSimulationTest {
    private static final Logger log = LoggerFactory.getLogger(TrendDetectorSimulationTest.class);
    /** The center's detractor rate. */
    static final double CENTER = 0.10;

    private static final long WEEK_MS = 7 * 86_400_000L;

    /**
     * One simulated agent's surveys (true: a detractor), answered evenly through the week at {@code surveysPerWeek},
     * and whether each raised a trend alert.
     */
    static final class SimulatedAgent {
        final List<Boolean> detractor = new ArrayList<>();
        final List<Long> endMs = new ArrayList<>();
        private final int surveysPerWeek;
        private int lastAlert = -1;
        /** The surveys a week measured at the latest survey. */
        double volume;

        SimulatedAgent(int surveysPerWeek) {
            this.surveysPerWeek = surveysPerWeek;
        }

        /** Adds a survey and evaluates as the server does after its commit; true when it raised an alert. */
        boolean survey(boolean isDetractor) {
            endMs.add(detractor.size() * WEEK_MS / surveysPerWeek);
            detractor.add(isDetractor);
            int now = detractor.size() - 1;
            int from = Math.max(0, detractor.size() - TrendDetector.WINDOW);
            volume = TrendDetector.surveysPerWeek(endMs.subList(from, endMs.size()));
            Optional<TrendDetector.Slide> slide =
                    TrendDetector.evaluate(detractor.subList(from, detractor.size()), CENTER, volume);
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

    /**
     * Steady agents at each volume; their first weeks (history for the baseline) are counted apart. Fewer agents are
     * simulated at higher volumes, where each agent-week holds more surveys to evaluate.
     */
    @ParameterizedTest(name = "{0} surveys a week")
    @CsvSource({"12, 400, 6, 25", "40, 200, 6, 20", "125, 120, 3, 16"})
    void steadyAgentsRaiseAtMostOneFalseAlertPerHundredAgentWeeks(
            int surveysPerWeek, int agents, int firstWeeks, int weeks) {
        Random random = new Random(surveysPerWeek == 12 ? 20261129L : 20261129L + surveysPerWeek);
        long falseAlerts = 0;
        long firstWeeksAlerts = 0;
        for (int a = 0; a < agents; a++) {
            // Agents differ: their steady rates spread around the center's (sd about 4 points).
            double rate = beta(random, CENTER, 50);
            SimulatedAgent agent = new SimulatedAgent(surveysPerWeek);
            for (int s = 0; s < (firstWeeks + weeks) * surveysPerWeek; s++) {
                boolean raised = agent.survey(random.nextDouble() < rate);
                if (raised && s >= firstWeeks * surveysPerWeek) {
                    falseAlerts++;
                } else if (raised) {
                    firstWeeksAlerts++;
                }
            }
        }
        double perHundred = 100.0 * falseAlerts / (agents * weeks);
        figure(
                "false-alarms-" + surveysPerWeek + ".txt",
                String.format(
                        Locale.ROOT,
                        "Steady agents at %d surveys a week (threshold %.2f): %d false trend alerts in %d agent-weeks"
                                + " (%.2f per 100 agent-weeks); in their first %d weeks: %d in %d agent-weeks%n",
                        surveysPerWeek,
                        TrendDetector.threshold(surveysPerWeek),
                        falseAlerts,
                        agents * weeks,
                        perHundred,
                        firstWeeks,
                        firstWeeksAlerts,
                        agents * firstWeeks));
        assertThat(perHundred).isLessThanOrEqualTo(1.0);
    }

    /**
     * A drop from 10% to 40% detractors at each volume: within 15 surveys on median at 12 a week; at higher volumes
     * within a few more surveys, and so no later in time than at 12 a week.
     */
    @ParameterizedTest(name = "{0} surveys a week")
    @CsvSource({"12, 200, 15", "40, 300, 40", "125, 300, 40"})
    void aDropFromTenToFortyPercentDetractorsIsFoundWithinAFewSurveys(int surveysPerWeek, int history, int maxMedian) {
        Random random = new Random(7L);
        int agents = surveysPerWeek == 12 ? 600 : 300;
        int limit = 200;
        double measured = 0;
        int[] delays = new int[agents];
        int missed = 0;
        for (int a = 0; a < agents; a++) {
            SimulatedAgent agent = new SimulatedAgent(surveysPerWeek);
            for (int s = 0; s < history; s++) {
                agent.survey(random.nextDouble() < 0.10);
            }
            measured = agent.volume;
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
        double days = 7.0 * median / surveysPerWeek;
        figure(
                "detection-" + surveysPerWeek + ".txt",
                String.format(
                        Locale.ROOT,
                        "At %d surveys a week (measured %.1f, threshold %.2f), a drop from 10%% to 40%% detractors after %d steady"
                                + " surveys: found after %d surveys on median, %.1f days (quartiles %d and %d, 90th"
                                + " percentile %d); %d of %d not found within %d%n",
                        surveysPerWeek,
                        measured,
                        TrendDetector.threshold(measured),
                        history,
                        median,
                        days,
                        delays[agents / 4],
                        delays[3 * agents / 4],
                        delays[agents * 9 / 10],
                        missed,
                        agents,
                        limit));
        assertThat(measured).isCloseTo(surveysPerWeek, within(0.5));
        assertThat(median).isLessThanOrEqualTo(maxMedian);
        assertThat(days).isLessThanOrEqualTo(7.0 * 15 / 12);
        assertThat(missed).isLessThan(agents / 50);
    }
}
