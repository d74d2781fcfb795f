package io.cxpulse.agent.survey;

import java.util.Map;
import java.util.Objects;

/**
 * One survey question: its id, kind, the range of valid answers and a prompt per language.
 *
 * <p>Prompts are sources understood by {@link PromptSource}: {@code classpath:...} or a file path.
 */
public record Question(String id, QuestionKind kind, int min, int max, Map<String, String> prompts) {

    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        prompts = Map.copyOf(prompts);
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("question " + id + ": invalid range " + min + "-" + max);
        }
    }

    /** A question of a fixed-range kind. */
    public static Question of(String id, QuestionKind kind, Map<String, String> prompts) {
        return new Question(id, kind, kind.min(), kind.max(), prompts);
    }

    /** Whether {@code value} is an accepted answer. */
    public boolean accepts(int value) {
        return value >= min && value <= max;
    }

    /** The keys a caller may press to answer: the digits of every valid answer, then {@code *} and {@code #}. */
    public String validKeys() {
        StringBuilder keys = new StringBuilder();
        for (char d = '0'; d <= '9'; d++) {
            for (int v = min; v <= max; v++) {
                if (Integer.toString(v).indexOf(d) >= 0) {
                    keys.append(d);
                    break;
                }
            }
        }
        return keys.append("*#").toString();
    }

    /** The answer as reported: a Boolean for {@code yesno} (1 = yes), else the Integer itself. */
    public Object reportedValue(int value) {
        return kind == QuestionKind.YESNO ? Boolean.valueOf(value == 1) : Integer.valueOf(value);
    }
}
