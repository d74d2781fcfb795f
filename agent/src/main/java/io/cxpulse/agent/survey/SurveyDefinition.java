package io.cxpulse.agent.survey;

import java.util.List;
import java.util.Map;

/**
 * A validated survey: languages, the fixed prompts per language (greeting, thanks, "not a valid choice"), the
 * questions in order, an optional language choice, and the timers. Built by {@link SurveyDefinitions}.
 */
public record SurveyDefinition(
        String id,
        List<String> languages,
        String defaultLanguage,
        LanguageChoice languageChoice,
        Map<String, String> greeting,
        Map<String, String> thanks,
        Map<String, String> invalid,
        List<Question> questions,
        SurveyTiming timing) {

    public SurveyDefinition {
        languages = List.copyOf(languages);
        greeting = Map.copyOf(greeting);
        thanks = Map.copyOf(thanks);
        invalid = Map.copyOf(invalid);
        questions = List.copyOf(questions);
    }

    /** The same survey without the language choice (when the language is already known). */
    public SurveyDefinition withoutLanguageChoice() {
        return new SurveyDefinition(id, languages, defaultLanguage, null, greeting, thanks, invalid, questions, timing);
    }

    /** The same survey with the language choice of the given one, or {@code choice} as it is. */
    public SurveyDefinition withLanguageChoice(LanguageChoice choice) {
        return new SurveyDefinition(
                id, languages, defaultLanguage, choice, greeting, thanks, invalid, questions, timing);
    }

    /** The same survey with other timers. */
    public SurveyDefinition withTiming(SurveyTiming newTiming) {
        return new SurveyDefinition(
                id, languages, defaultLanguage, languageChoice, greeting, thanks, invalid, questions, newTiming);
    }

    /** The question with this id, or null. */
    public Question question(String questionId) {
        for (Question q : questions) {
            if (q.id().equals(questionId)) {
                return q;
            }
        }
        return null;
    }
}
