package io.cxpulse.agent.sim;

import io.cxpulse.agent.audio.Pcm;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.survey.Question;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A caller who answers the survey (the default one: csat 1-5, nps 0-10, resolved 1/2) on the keypad: decides the answers from
 * its agent's {@link CallerProfile}, then keys them as real touch-tones with human timing. Some callers key everything
 * at once, some wait, some say nothing, and some hang up half way: the line's audio is all the survey gets.
 */
public final class SimulatedCaller {
    private static final int RATE = 8000;

    /** What this caller intends to key, in order, and whether they stay to the end. */
    public record Plan(int csat, int nps, boolean resolved, int answersGiven, boolean hangsUp) {
        /** The keys pressed, in order: one per answer, two for an NPS of 10. */
        public String keys() {
            StringBuilder keys = new StringBuilder();
            int[] values = {csat, nps, resolved ? 1 : 2};
            for (int i = 0; i < answersGiven; i++) {
                keys.append(values[i]);
            }
            return keys.toString();
        }
    }

    private final RandomGenerator random;

    public SimulatedCaller(RandomGenerator random) {
        this.random = random;
    }

    /** Decides this call's answers. */
    public Plan plan(CallerProfile profile) {
        double s = profile.satisfaction(random);
        int nps = (int) Math.round(Math.min(10, Math.max(0, s * 11 - 0.5 + random.nextGaussian() * 0.8)));
        int csat = (int) Math.round(Math.min(5, Math.max(1, 1 + s * 4 + random.nextGaussian() * 0.5)));
        boolean resolved = random.nextDouble() < 0.35 + 0.6 * s;
        double r = random.nextDouble();
        int given = r < 0.06 ? 0 : r < 0.12 ? 1 + random.nextInt(2) : 3;
        boolean hangsUp = given < 3 && random.nextBoolean();
        return new Plan(csat, nps, resolved, given, hangsUp);
    }

    /**
     * The keys this caller presses for each question of {@code survey}, in order, as far as the plan goes: the plan's
     * CSAT, NPS and resolved for questions of those kinds, and a {@code scale} answer as satisfied as the CSAT. A
     * plan that answers all three of the default survey answers every question.
     */
    public static List<String> answerKeys(Plan plan, SurveyDefinition survey) {
        List<String> out = new ArrayList<>();
        int n = plan.answersGiven() >= 3 ? survey.questions().size() : plan.answersGiven();
        for (int i = 0; i < n && i < survey.questions().size(); i++) {
            Question q = survey.questions().get(i);
            int value = switch (q.kind()) {
                case CSAT -> plan.csat();
                case NPS -> plan.nps();
                case YESNO -> plan.resolved() ? 1 : 0;
                case SCALE -> q.min() + (int) Math.round((plan.csat() - 1) / 4.0 * (q.max() - q.min()));
            };
            out.add(Integer.toString(q.keyed(value)));
        }
        return out;
    }

    /**
     * The caller's side of the line at 8 kHz: a pause while the greeting plays, then the keys, each a 60-120 ms tone,
     * with human gaps between answers and short ones inside a two-digit answer. After the audio ends the caller is
     * silent; a caller who hangs up leaves the exchange's busy tone on the line, which the survey detects.
     */
    public short[] audio(Plan plan) {
        List<String> answers = new ArrayList<>();
        String keys = plan.keys();
        for (int i = 0; i < keys.length(); i++) {
            boolean secondDigitOfTen = keys.charAt(i) == '0' && i == 2 && keys.charAt(1) == '1';
            if (secondDigitOfTen) {
                answers.set(answers.size() - 1, "10");
            } else {
                answers.add(String.valueOf(keys.charAt(i)));
            }
        }
        return audio(answers, plan.hangsUp());
    }

    /** As above, for the keys of each answer in order ({@code "10"} is one answer of two keys). */
    public short[] audio(List<String> answers, boolean hangsUp) {
        List<short[]> parts = new ArrayList<>();
        parts.add(silence(300 + random.nextInt(4000)));
        StringBuilder all = new StringBuilder();
        List<Boolean> startsAnswer = new ArrayList<>();
        for (String a : answers) {
            for (int d = 0; d < a.length(); d++) {
                all.append(a.charAt(d));
                startsAnswer.add(d == 0);
            }
        }
        String keys = all.toString();
        for (int i = 0; i < keys.length(); i++) {
            boolean insideAnswer = !startsAnswer.get(i);
            if (i > 0) {
                parts.add(silence(insideAnswer ? 150 + random.nextInt(250) : 400 + random.nextInt(2200)));
            }
            DtmfGenerator tone =
                    new DtmfGenerator(RATE).withToneMs(60 + random.nextInt(60)).withLevelDbm0(-4 - random.nextInt(14));
            parts.add(tone.tone(keys.charAt(i)));
        }
        if (hangsUp) {
            parts.add(silence(500 + random.nextInt(1500)));
            // The exchange's busy tone after the caller hangs up: 450 Hz, 350 ms on and 350 ms off.
            parts.add(Pcm.cadencedTone(RATE, 4, 350, 350, DtmfGenerator.amplitude(-10), 450));
        }
        return Pcm.concat(parts.toArray(short[][]::new));
    }

    private static short[] silence(int ms) {
        return new short[ms * RATE / 1000];
    }
}
