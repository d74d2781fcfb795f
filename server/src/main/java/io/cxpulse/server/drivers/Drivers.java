package io.cxpulse.server.drivers;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What drives the scores: for each factor of a call (resolved or not, talk time, mute ratio, hold time, language, hour
 * of day, first or repeat contact), how much its worst level raises the chance of a detractor across the center (with a 95% interval), and how
 * many of a team's surveyed calls fall in that level against the center's share. Fed one survey at a time, its memory
 * stays the same however many surveys it counts.
 *
 * <p>A detractor is what it is everywhere in the product: NPS 0-6 or CSAT 1-2; the CSAT figure is the share of CSAT
 * answers 4-5. When surveys ask the {@link #EXPECTATION_QUESTION}, each factor also shows the team's mean experience
 * minus expectation in its worst level, and that times the factor's importance.
 */
public final class Drivers {
    /**
     * The id of the optional "compared with what you expected" question: a {@code scale} question 1-5, 1 much worse
     * than expected, 3 as expected, 5 much better. Its answer minus 3 is the caller's experience minus expectation.
     */
    public static final String EXPECTATION_QUESTION = "expectation";
    /** The "as expected" answer of the expectation question, and its range. */
    static final int AS_EXPECTED = 3;

    static final int EXPECTATION_MIN = 1;
    static final int EXPECTATION_MAX = 5;

    /** Below this many surveys a level is not chosen as a factor's worst. */
    static final int MIN_LEVEL_N = 10;
    /** At most this many languages are told apart; the rest are counted as {@code other}. */
    static final int MAX_LANGUAGES = 8;

    private static final double Z95 = 1.96;

    /** The factors, in the order the view shows them, and their levels in order. */
    static final Map<String, List<String>> LEVELS = new LinkedHashMap<>();

    static {
        LEVELS.put("resolved", List.of("yes", "no"));
        LEVELS.put("talk", List.of("0-2m", "2-5m", "5-10m", "10m+"));
        LEVELS.put("mute", List.of("0-5%", "5-15%", "15%+"));
        LEVELS.put("hold", List.of("none", "0-1m", "1m+"));
        LEVELS.put("language", List.of());
        LEVELS.put("hour", List.of("00-08", "08-12", "12-17", "17-24"));
        LEVELS.put("repeat", List.of("first", "repeat"));
    }

    /** Counts of one level in one scope (the team, or the whole center). */
    static final class Tally {
        long n;
        long detractors;
        long csatN;
        long csatTop2;
        long expectationN;
        long expectationSum;

        void add(boolean detractor, Integer csat, Integer expectation) {
            n++;
            if (detractor) {
                detractors++;
            }
            if (csat != null) {
                csatN++;
                if (csat >= 4) {
                    csatTop2++;
                }
            }
            if (expectation != null) {
                expectationN++;
                expectationSum += expectation - AS_EXPECTED;
            }
        }

        Double detractorRate() {
            return n == 0 ? null : (double) detractors / n;
        }

        Double csatTop2Rate() {
            return csatN == 0 ? null : (double) csatTop2 / csatN;
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("n", n)
                    .put("detractorRate", detractorRate())
                    .put("csatN", csatN)
                    .put("csatTop2", csatTop2Rate());
        }
    }

    /**
     * One survey and its call's figures; the call's are null when no call record joined it. {@code expectation} is
     * the answer to the {@link #EXPECTATION_QUESTION} (null when not asked, not answered or out of its range). {@code
     * repeat} says whether the same caller had an earlier call ending within the repeat window before this call's
     * start; null when the call carries no caller hash (or no call record joined the survey).
     */
    public record Row(
            String team,
            String language,
            long endMs,
            Integer nps,
            Integer csat,
            Integer resolved,
            Long talkMs,
            Long muteMs,
            Long holdMs,
            Integer expectation,
            Boolean repeat) {}

    private final String team;
    private final ZoneId zone;
    private final Map<String, Map<String, Tally>> teamTallies = new LinkedHashMap<>();
    private final Map<String, Map<String, Tally>> centerTallies = new LinkedHashMap<>();
    private long teamSurveys;
    private long centerSurveys;
    private long teamExpectations;
    private long centerCallerKnown;

    /** Counts for {@code team} against the center; hours of day are in {@code zone}. */
    public Drivers(String team, ZoneId zone) {
        this.team = team;
        this.zone = zone;
        for (Map.Entry<String, List<String>> f : LEVELS.entrySet()) {
            Map<String, Tally> t = new LinkedHashMap<>();
            Map<String, Tally> c = new LinkedHashMap<>();
            for (String level : f.getValue()) {
                t.put(level, new Tally());
                c.put(level, new Tally());
            }
            teamTallies.put(f.getKey(), t);
            centerTallies.put(f.getKey(), c);
        }
    }

    /** Counts one survey with an NPS or CSAT answer (others are ignored). */
    public void add(Row r) {
        if (r.nps() == null && r.csat() == null) {
            return;
        }
        boolean detractor = (r.nps() != null && r.nps() <= 6) || (r.csat() != null && r.csat() <= 2);
        boolean ours = team.equals(r.team());
        Integer expectation =
                r.expectation() != null && r.expectation() >= EXPECTATION_MIN && r.expectation() <= EXPECTATION_MAX
                        ? r.expectation()
                        : null;
        centerSurveys++;
        if (r.repeat() != null) {
            centerCallerKnown++;
        }
        if (ours) {
            teamSurveys++;
            if (expectation != null) {
                teamExpectations++;
            }
        }
        for (String factor : LEVELS.keySet()) {
            String level = level(factor, r);
            if (level == null) {
                continue;
            }
            Map<String, Tally> center = centerTallies.get(factor);
            if (!center.containsKey(level)) {
                if (!factor.equals("language") || center.size() >= MAX_LANGUAGES) {
                    level = "other";
                }
                center.computeIfAbsent(level, k -> new Tally());
            }
            center.get(level).add(detractor, r.csat(), expectation);
            if (ours) {
                teamTallies.get(factor).computeIfAbsent(level, k -> new Tally()).add(detractor, r.csat(), expectation);
            }
        }
    }

    /** The level of {@code factor} a survey falls in; null when its data does not say. */
    String level(String factor, Row r) {
        switch (factor) {
            case "resolved":
                return r.resolved() == null ? null : r.resolved() == 1 ? "yes" : "no";
            case "talk":
                if (r.talkMs() == null) {
                    return null;
                }
                long talk = r.talkMs();
                return talk < 120_000 ? "0-2m" : talk < 300_000 ? "2-5m" : talk < 600_000 ? "5-10m" : "10m+";
            case "mute":
                if (r.talkMs() == null || r.muteMs() == null || r.talkMs() <= 0) {
                    return null;
                }
                double ratio = (double) r.muteMs() / r.talkMs();
                return ratio < 0.05 ? "0-5%" : ratio < 0.15 ? "5-15%" : "15%+";
            case "hold":
                if (r.holdMs() == null) {
                    return null;
                }
                return r.holdMs() <= 0 ? "none" : r.holdMs() < 60_000 ? "0-1m" : "1m+";
            case "language":
                return r.language() == null || r.language().isBlank() ? null : r.language();
            case "hour":
                int h = Instant.ofEpochMilli(r.endMs()).atZone(zone).getHour();
                return h < 8 ? "00-08" : h < 12 ? "08-12" : h < 17 ? "12-17" : "17-24";
            case "repeat":
                return r.repeat() == null ? null : r.repeat() ? "repeat" : "first";
            default:
                throw new IllegalArgumentException("no factor " + factor);
        }
    }

    /**
     * The view: per factor its levels (team and center), its worst level, that level's importance (detractor rate in
     * it minus in the other levels, center-wide, with a 95% interval; the same for CSAT top-2), the team's and the
     * center's share of surveyed calls in it, and the weighted gap: importance times the team's extra share, in
     * detractor points. {@code focus} names the factor with the largest weighted gap. {@code centerCallerKnown} counts
     * the center's surveyed calls whose caller is known (first or repeat contact).
     */
    public JsonObject result() {
        JsonArray factors = new JsonArray();
        String focus = null;
        double largest = 0;
        for (String factor : LEVELS.keySet()) {
            JsonObject f = factor(factor);
            factors.add(f);
            Double gap = f.getDouble("weightedGap");
            if (gap != null && gap > largest && f.getJsonObject("importance").getDouble("low") > 0) {
                largest = gap;
                focus = factor;
            }
        }
        return new JsonObject()
                .put("team", team)
                .put("teamSurveys", teamSurveys)
                .put("centerSurveys", centerSurveys)
                .put("factors", factors)
                .put("focus", focus)
                .put("teamExpectationAnswers", teamExpectations)
                .put("centerCallerKnown", centerCallerKnown);
    }

    private JsonObject factor(String factor) {
        Map<String, Tally> center = centerTallies.get(factor);
        Map<String, Tally> ours = teamTallies.get(factor);
        JsonArray levels = new JsonArray();
        for (Map.Entry<String, Tally> e : center.entrySet()) {
            Tally t = ours.getOrDefault(e.getKey(), new Tally());
            levels.add(new JsonObject()
                    .put("level", e.getKey())
                    .put("team", t.toJson())
                    .put("center", e.getValue().toJson()));
        }
        JsonObject out = new JsonObject().put("factor", factor).put("levels", levels);
        String worst = worst(center);
        if (worst == null) {
            return out.put("worst", null)
                    .put("importance", null)
                    .put("performance", null)
                    .put("weightedGap", null)
                    .put("expectation", null);
        }
        Tally in = center.get(worst);
        Tally rest = new Tally();
        long centerKnown = 0;
        for (Map.Entry<String, Tally> e : center.entrySet()) {
            centerKnown += e.getValue().n;
            if (!e.getKey().equals(worst)) {
                rest.n += e.getValue().n;
                rest.detractors += e.getValue().detractors;
                rest.csatN += e.getValue().csatN;
                rest.csatTop2 += e.getValue().csatTop2;
            }
        }
        double[] detractor = difference(in.detractors, in.n, rest.detractors, rest.n);
        double[] csat = difference(in.csatTop2, in.csatN, rest.csatTop2, rest.csatN);
        long teamKnown = ours.values().stream().mapToLong(x -> x.n).sum();
        Tally teamIn = ours.getOrDefault(worst, new Tally());
        Double teamShare = teamKnown == 0 ? null : (double) teamIn.n / teamKnown;
        double centerShare = (double) in.n / centerKnown;
        Double gap = teamShare == null ? null : detractor[0] * (teamShare - centerShare);
        JsonObject expectation = null;
        if (teamIn.expectationN > 0) {
            double meanGap = (double) teamIn.expectationSum / teamIn.expectationN;
            expectation = new JsonObject()
                    .put("n", teamIn.expectationN)
                    .put("meanGap", meanGap)
                    .put("weighted", meanGap * detractor[0]);
        }
        return out.put("worst", worst)
                .put(
                        "importance",
                        new JsonObject()
                                .put("detractorDiff", detractor[0])
                                .put("low", detractor[1])
                                .put("high", detractor[2])
                                .put("csatTop2Diff", in.csatN == 0 || rest.csatN == 0 ? null : csat[0])
                                .put("csatLow", in.csatN == 0 || rest.csatN == 0 ? null : csat[1])
                                .put("csatHigh", in.csatN == 0 || rest.csatN == 0 ? null : csat[2])
                                .put("n", in.n)
                                .put("restN", rest.n))
                .put(
                        "performance",
                        new JsonObject()
                                .put("teamShare", teamShare)
                                .put("centerShare", centerShare)
                                .put("teamN", teamKnown))
                .put("weightedGap", gap)
                .put("expectation", expectation);
    }

    /**
     * The level with the highest detractor rate among those with at least {@link #MIN_LEVEL_N} surveys; null unless
     * at least two levels have that many, so that a level is only ever compared with one measured as well.
     */
    static String worst(Map<String, Tally> center) {
        long measured = center.values().stream().filter(t -> t.n >= MIN_LEVEL_N).count();
        if (measured < 2) {
            return null;
        }
        String worst = null;
        double rate = -1;
        for (Map.Entry<String, Tally> e : center.entrySet()) {
            Tally t = e.getValue();
            if (t.n >= MIN_LEVEL_N && t.detractorRate() > rate) {
                rate = t.detractorRate();
                worst = e.getKey();
            }
        }
        return worst;
    }

    /**
     * {@code x1/n1 - x2/n2} and its 95% interval by the Agresti-Caffo method (one success and one failure added to
     * each group), which keeps its coverage with small groups.
     */
    static double[] difference(long x1, long n1, long x2, long n2) {
        if (n1 == 0 || n2 == 0) {
            return new double[] {0, 0, 0};
        }
        double p1 = (x1 + 1.0) / (n1 + 2.0);
        double p2 = (x2 + 1.0) / (n2 + 2.0);
        double se = Math.sqrt(p1 * (1 - p1) / (n1 + 2.0) + p2 * (1 - p2) / (n2 + 2.0));
        double raw = (double) x1 / n1 - (double) x2 / n2;
        return new double[] {raw, p1 - p2 - Z95 * se, p1 - p2 + Z95 * se};
    }
}
