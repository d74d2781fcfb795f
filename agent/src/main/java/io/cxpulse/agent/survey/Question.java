package io.cxpulse.agent.survey;

import io.cxpulse.protocol.QuestionKind;
import java.util.Map;
import java.util.Objects;

/**
 * One survey question: its id, kind, the range of valid answers (in the protocol's meaning: yes/no is 1 or 0) and a
 * prompt per language. It also holds the keypad's mapping: a caller keys most answers as the number itself, and yes
 * or no as 1 or 2.
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

    /** The number a caller keys for {@code answer}: 1 for yes and 2 for no, the answer itself for other kinds. */
    public int keyed(int answer) {
        if (kind == QuestionKind.YESNO) {
            return answer == 1 ? 1 : 2;
        }
        return answer;
    }

    /** The answer that the keyed number stands for, or -1 when it stands for none. */
    public int answerFor(int keyed) {
        if (kind == QuestionKind.YESNO) {
            return keyed == 1 ? 1 : keyed == 2 ? 0 : -1;
        }
        return accepts(keyed) ? keyed : -1;
    }

    /** The keys a caller may press to answer: the digits of every valid answer, then {@code *} and {@code #}. */
    public String validKeys() {
        StringBuilder keys = new StringBuilder();
        for (char d = '0'; d <= '9'; d++) {
            for (int v = min; v <= max; v++) {
                if (Integer.toString(keyed(v)).indexOf(d) >= 0) {
                    keys.append(d);
                    break;
                }
            }
        }
        return keys.append("*#").toString();
    }
}
