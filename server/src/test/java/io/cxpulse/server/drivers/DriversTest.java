package io.cxpulse.server.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriversTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final long NOON = 1_764_417_600_000L; // 2025-11-29T12:00Z

    private static Drivers.Row row(String team, boolean detractor, int resolved, long talkMs, long holdMs) {
        return new Drivers.Row(
                team, "en", NOON, detractor ? 3 : 9, detractor ? 2 : 5, resolved, talkMs, 0L, holdMs, null, null);
    }

    private static JsonObject factor(JsonObject view, String name) {
        for (int i = 0; i < view.getJsonArray("factors").size(); i++) {
            JsonObject f = view.getJsonArray("factors").getJsonObject(i);
            if (f.getString("factor").equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no factor " + name);
    }

    @Test
    void anUnresolvedCallRaisesTheDetractorRateAndATeamWithMoreOfThemStandsOut() {
        Random random = new Random(3);
        Drivers drivers = new Drivers("north", UTC);
        for (int i = 0; i < 2_000; i++) {
            String team = i % 2 == 0 ? "north" : "south";
            // North leaves 40% of its calls unresolved, south 10%; unresolved calls are detractors half the time,
            // resolved ones 5% of the time. Talk time and hold do not matter.
            boolean unresolved = random.nextDouble() < (team.equals("north") ? 0.4 : 0.1);
            boolean detractor = random.nextDouble() < (unresolved ? 0.5 : 0.05);
            drivers.add(row(team, detractor, unresolved ? 0 : 1, 60_000 + random.nextInt(600_000), 0));
        }
        JsonObject view = drivers.result();
        assertThat(view.getLong("teamSurveys")).isEqualTo(1_000);
        assertThat(view.getLong("centerSurveys")).isEqualTo(2_000);
        JsonObject resolved = factor(view, "resolved");
        assertThat(resolved.getString("worst")).isEqualTo("no");
        JsonObject importance = resolved.getJsonObject("importance");
        assertThat(importance.getDouble("detractorDiff")).isCloseTo(0.45, within(0.05));
        assertThat(importance.getDouble("low")).isLessThan(importance.getDouble("detractorDiff"));
        assertThat(importance.getDouble("high")).isGreaterThan(importance.getDouble("detractorDiff"));
        assertThat(importance.getDouble("csatTop2Diff")).isNegative();
        JsonObject performance = resolved.getJsonObject("performance");
        assertThat(performance.getDouble("teamShare")).isCloseTo(0.4, within(0.04));
        assertThat(performance.getDouble("centerShare")).isCloseTo(0.25, within(0.03));
        assertThat(resolved.getDouble("weightedGap")).isCloseTo(0.45 * 0.15, within(0.03));
        assertThat(view.getString("focus")).isEqualTo("resolved");
        // Talk time does not matter: its interval spans zero, so it is never the focus.
        JsonObject talk = factor(view, "talk").getJsonObject("importance");
        assertThat(talk.getDouble("low")).isLessThan(0.03);
    }

    @Test
    void bandsFollowTheCallsFiguresAndTheCentersClock() {
        Drivers drivers = new Drivers("north", ZoneId.of("Asia/Shanghai"));
        Drivers.Row r = new Drivers.Row("north", "zh", NOON, 9, null, null, 400_000L, 80_000L, 90_000L, null, true);
        assertThat(drivers.level("talk", r)).isEqualTo("5-10m");
        assertThat(drivers.level("mute", r)).isEqualTo("15%+");
        assertThat(drivers.level("hold", r)).isEqualTo("1m+");
        assertThat(drivers.level("hour", r)).isEqualTo("17-24"); // 20:00 in Shanghai
        assertThat(drivers.level("resolved", r)).isNull();
        assertThat(drivers.level("repeat", r)).isEqualTo("repeat");
        Drivers.Row noCall = new Drivers.Row("north", "zh", NOON, 9, null, 1, null, null, null, null, null);
        assertThat(drivers.level("repeat", noCall)).isNull();
        assertThat(drivers.level("talk", noCall)).isNull();
        assertThat(drivers.level("resolved", noCall)).isEqualTo("yes");
    }

    @Test
    void withTooFewSurveysAFactorHasNoWorstLevelAndNoFocus() {
        Drivers drivers = new Drivers("north", UTC);
        for (int i = 0; i < 5; i++) {
            drivers.add(row("north", i == 0, i % 2, 60_000, 0));
        }
        JsonObject view = drivers.result();
        assertThat(factor(view, "resolved").getValue("worst")).isNull();
        assertThat(view.getValue("focus")).isNull();
    }

    @Test
    void theDifferenceIntervalCoversTheTruthAtTheStatedRate() {
        Random random = new Random(11);
        int covered = 0;
        int trials = 2_000;
        for (int t = 0; t < trials; t++) {
            int x1 = 0;
            int x2 = 0;
            for (int i = 0; i < 25; i++) {
                x1 += random.nextDouble() < 0.3 ? 1 : 0;
                x2 += random.nextDouble() < 0.1 ? 1 : 0;
            }
            double[] d = Drivers.difference(x1, 25, x2, 25);
            if (d[1] <= 0.2 && 0.2 <= d[2]) {
                covered++;
            }
        }
        assertThat((double) covered / trials).isBetween(0.93, 0.98);
    }

    @Test
    void repeatContactsAreALevelAndCallsWithoutACallerHashAreLeftOut() {
        Drivers drivers = new Drivers("north", UTC);
        for (int i = 0; i < 60; i++) {
            // A third of the calls are repeat contacts, and their callers are detractors; first contacts are not.
            // Every fourth survey's call carries no caller hash: it counts for the other factors only.
            boolean repeat = i % 3 == 0;
            Boolean known = i % 4 == 3 ? null : repeat;
            drivers.add(new Drivers.Row(
                    i % 2 == 0 ? "north" : "south", "en", NOON, repeat ? 2 : 9, null, 1, 60_000L, 0L, 0L, null, known));
        }
        JsonObject view = drivers.result();
        assertThat(view.getLong("centerSurveys")).isEqualTo(60);
        assertThat(view.getLong("centerCallerKnown")).isEqualTo(45);
        JsonObject factor = factor(view, "repeat");
        assertThat(factor.getString("worst")).isEqualTo("repeat");
        // 45 known: the 20 multiples of 3 less the 5 without a hash (3, 15, 27, 39, 51) are repeats, 30 are first.
        long repeats = 15;
        long firsts = 30;
        JsonObject levels0 = factor.getJsonArray("levels").getJsonObject(0);
        JsonObject levels1 = factor.getJsonArray("levels").getJsonObject(1);
        assertThat(levels0.getString("level")).isEqualTo("first");
        assertThat(levels0.getJsonObject("center").getLong("n")).isEqualTo(firsts);
        assertThat(levels1.getString("level")).isEqualTo("repeat");
        assertThat(levels1.getJsonObject("center").getLong("n")).isEqualTo(repeats);
        assertThat(levels1.getJsonObject("center").getDouble("detractorRate")).isEqualTo(1.0);
        assertThat(factor.getJsonObject("importance").getDouble("detractorDiff"))
                .isEqualTo(1.0);
        assertThat(factor(view, "talk")
                        .getJsonArray("levels")
                        .getJsonObject(0)
                        .getJsonObject("center")
                        .getLong("n"))
                .isEqualTo(60);
    }

    @Test
    void withoutAnyCallerHashTheRepeatFactorHasNoLevelCounted() {
        Drivers drivers = new Drivers("north", UTC);
        for (int i = 0; i < 30; i++) {
            drivers.add(row("north", i % 2 == 0, i % 2, 60_000, 0));
        }
        JsonObject view = drivers.result();
        assertThat(view.getLong("centerCallerKnown")).isZero();
        JsonObject factor = factor(view, "repeat");
        assertThat(factor.getString("worst")).isNull();
        for (int i = 0; i < factor.getJsonArray("levels").size(); i++) {
            assertThat(factor.getJsonArray("levels")
                            .getJsonObject(i)
                            .getJsonObject("center")
                            .getLong("n"))
                    .isZero();
        }
    }

    @Test
    void expectationAnswersShowExperienceMinusExpectationInTheWorstLevel() {
        Drivers drivers = new Drivers("north", UTC);
        for (int i = 0; i < 40; i++) {
            boolean unresolved = i % 4 == 0;
            // Unresolved callers found it much worse than they expected (1), the others as expected or better (3-4).
            Integer expectation = unresolved ? 1 : 3 + i % 2;
            drivers.add(new Drivers.Row(
                    i % 2 == 0 ? "north" : "south",
                    "en",
                    NOON,
                    unresolved ? 2 : 9,
                    null,
                    unresolved ? 0 : 1,
                    60_000L,
                    0L,
                    0L,
                    expectation,
                    null));
        }
        // Out of range: a different scale, not counted.
        drivers.add(new Drivers.Row("north", "en", NOON, 9, null, 1, 60_000L, 0L, 0L, 7, null));
        JsonObject view = drivers.result();
        assertThat(view.getLong("teamExpectationAnswers")).isEqualTo(20);
        JsonObject resolved = factor(view, "resolved");
        JsonObject expectation = resolved.getJsonObject("expectation");
        assertThat(expectation.getLong("n")).isEqualTo(10);
        assertThat(expectation.getDouble("meanGap")).isEqualTo(-2.0);
        assertThat(expectation.getDouble("weighted"))
                .isCloseTo(-2.0 * resolved.getJsonObject("importance").getDouble("detractorDiff"), within(1e-9));
    }

    @Test
    void theExpectationAnswerIsReadFromTheStoredAnswers() {
        String stored = "[{\"questionId\":\"nps\",\"kind\":\"nps\",\"outcome\":\"answered\",\"value\":9,"
                + "\"answerMs\":900},{\"questionId\":\"expectation\",\"kind\":\"scale\",\"outcome\":\"answered\","
                + "\"value\":2,\"answerMs\":700}]";
        assertThat(DriverRoutes.expectation(stored)).isEqualTo(2);
        assertThat(DriverRoutes.expectation(stored.replace("\"answered\",\"value\":2", "\"skipped\",\"value\":null")))
                .isNull();
        assertThat(DriverRoutes.expectation(stored.replace("\"kind\":\"scale\"", "\"kind\":\"csat\"")))
                .isNull();
        assertThat(DriverRoutes.expectation("[]")).isNull();
    }
}
