package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a survey question measures, and so which values are valid answers. One meaning everywhere: the agent's survey
 * files and results, the wire and the server's store all carry these values (a keypad's keys map to them in the
 * agent's {@code Question}).
 */
public enum QuestionKind {
    /** Customer satisfaction, 1 (very dissatisfied) to 5 (very satisfied). */
    CSAT("csat", 1, 5),
    /** Net Promoter Score, 0 to 10: promoters 9-10, detractors 0-6. */
    NPS("nps", 0, 10),
    /** Yes or no, carried as 1 (yes) or 0 (no); "resolved" is one. */
    YESNO("yesno", 0, 1),
    /** Any other numeric scale, 0 to 99 at most; its survey defines the narrower range. */
    SCALE("scale", 0, 99);

    private final String wire;
    private final int min;
    private final int max;

    QuestionKind(String wire, int min, int max) {
        this.wire = wire;
        this.min = min;
        this.max = max;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** The kind of a wire or survey-file name ({@code "csat"}, ...), or null when there is none. */
    public static QuestionKind fromWire(String name) {
        for (QuestionKind k : values()) {
            if (k.wire.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
