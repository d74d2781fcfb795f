package io.cxpulse.protocol;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A survey definition as its JSON says it, after {@link SurveySpecs} checked every rule: what the agent's survey
 * files, {@code cx-agent survey check} and the server's survey programs share. Prompts are kept as the checker's
 * prompt callback returned them (a resolved file path, a {@code classpath:} source or a {@code sha256:} content hash).
 */
public record SurveySpec(
        String id,
        List<String> languages,
        String defaultLanguage,
        Choice languageChoice,
        Map<String, String> greeting,
        Map<String, String> thanks,
        Map<String, String> invalid,
        List<QuestionSpec> questions,
        Timing timing) {

    public SurveySpec {
        languages = List.copyOf(languages);
        greeting = Map.copyOf(greeting);
        thanks = Map.copyOf(thanks);
        invalid = Map.copyOf(invalid);
        questions = List.copyOf(questions);
    }

    /** One question: id, kind, the range of valid answers and a prompt per language. */
    public record QuestionSpec(String id, QuestionKind kind, int min, int max, Map<String, String> prompts) {
        public QuestionSpec {
            prompts = Map.copyOf(prompts);
        }
    }

    /** The optional language choice: one prompt and which key picks which language. */
    public record Choice(String prompt, Map<Character, String> keys) {
        public Choice {
            keys = Map.copyOf(keys);
        }
    }

    /** The timers and retry limit. */
    public record Timing(int noInputMs, int interDigitMs, int hangupSilenceMs, int maxRetries) {
        /** 5 s no input, 2 s between digits, 10 s of silence for a hang-up, 2 retries. */
        public static final Timing DEFAULT = new Timing(5000, 2000, 10000, 2);
    }

    /** Every prompt source the survey names, each once, in a stable order. */
    public List<String> promptSources() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (languageChoice != null) {
            out.add(languageChoice.prompt());
        }
        for (String lang : languages) {
            add(out, greeting.get(lang));
            add(out, invalid.get(lang));
            for (QuestionSpec q : questions) {
                add(out, q.prompts().get(lang));
            }
            add(out, thanks.get(lang));
        }
        return List.copyOf(out);
    }

    private static void add(Set<String> out, String source) {
        if (source != null) {
            out.add(source);
        }
    }
}
