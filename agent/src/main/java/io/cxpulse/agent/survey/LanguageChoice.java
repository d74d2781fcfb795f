package io.cxpulse.agent.survey;

import java.util.Map;

/**
 * The optional first prompt that lets the caller pick the survey language.
 *
 * @param prompt the prompt source (one bilingual recording)
 * @param keys which key selects which language, e.g. {@code 1 -> en}, {@code 2 -> zh}
 */
public record LanguageChoice(String prompt, Map<Character, String> keys) {
    public LanguageChoice {
        keys = Map.copyOf(keys);
    }
}
