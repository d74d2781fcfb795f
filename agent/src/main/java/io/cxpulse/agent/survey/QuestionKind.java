package io.cxpulse.agent.survey;

import java.util.Locale;

/** The kinds of survey question and the answers each accepts by default. */
public enum QuestionKind {
    /** Customer satisfaction, 1 (very unsatisfied) to 5 (very satisfied). */
    CSAT(1, 5),
    /** Net promoter score, 0 to 10. */
    NPS(0, 10),
    /** 1 = yes, 2 = no; reported as a boolean. */
    YESNO(1, 2),
    /** Any range n-m given by the question itself. */
    SCALE(-1, -1);

    private final int min;
    private final int max;

    QuestionKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** Lowest answer for a fixed-range kind, -1 for {@link #SCALE}. */
    public int min() {
        return min;
    }

    /** Highest answer for a fixed-range kind, -1 for {@link #SCALE}. */
    public int max() {
        return max;
    }

    /** The name used in survey JSON and results. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a JSON kind name; null when unknown. */
    static QuestionKind fromJson(String name) {
        for (QuestionKind k : values()) {
            if (k.jsonName().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
