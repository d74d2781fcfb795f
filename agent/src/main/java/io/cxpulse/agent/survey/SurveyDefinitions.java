package io.cxpulse.agent.survey;

import io.cxpulse.protocol.SurveySpec;
import io.cxpulse.protocol.SurveySpecException;
import io.cxpulse.protocol.SurveySpecs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates survey definitions (JSON) by the rules of {@link SurveySpecs}, which the server's survey
 * programs share. Every problem is reported as a {@link SurveyDefinitionException} naming the file and the field,
 * e.g. {@code survey.json: questions[1] (id "nps"): prompt has no "zh"}.
 */
public final class SurveyDefinitions {
    /** The survey shipped in the agent. */
    public static final String DEFAULT_RESOURCE = "survey/default.json";

    private SurveyDefinitions() {}

    /** The default survey: greeting, csat, nps, resolved (yes/no), thanks, in English and Mandarin. */
    public static SurveyDefinition defaultSurvey() {
        try (InputStream in = SurveyDefinitions.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new SurveyDefinitionException("the agent is missing its default survey " + DEFAULT_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE, null);
        } catch (IOException e) {
            throw new SurveyDefinitionException("cannot read the default survey: " + e.getMessage(), e);
        }
    }

    /** The bilingual "for English press 1, 中文请按 2" choice shipped in the agent. */
    public static LanguageChoice defaultLanguageChoice() {
        return new LanguageChoice(PromptSource.CLASSPATH + "prompts/language.wav", Map.of('1', "en", '2', "zh"));
    }

    /** Reads a survey file; relative prompt paths are taken from the file's folder. */
    public static SurveyDefinition load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SurveyDefinitionException(file + ": no such file", e);
        } catch (IOException e) {
            throw new SurveyDefinitionException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(json, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Parses and validates survey JSON.
     *
     * @param name the name used in error messages (usually the file name)
     * @param baseDir folder relative prompt paths are taken from; null for the working directory
     */
    public static SurveyDefinition parse(String json, String name, Path baseDir) {
        return parseWith(json, name, raw -> {
            String source = PromptSource.resolve(raw, baseDir);
            if (!PromptSource.exists(source)) {
                throw new IllegalArgumentException("prompt file not found: " + source);
            }
            return source;
        });
    }

    /** Parses and validates survey JSON whose prompts {@code prompts} turns into sources. */
    public static SurveyDefinition parseWith(String json, String name, SurveySpecs.Prompts prompts) {
        try {
            return of(SurveySpecs.parse(json, name, prompts));
        } catch (SurveySpecException e) {
            throw new SurveyDefinitionException(e.getMessage(), e);
        }
    }

    /** The survey a checked specification describes. */
    public static SurveyDefinition of(SurveySpec spec) {
        SurveySpec.Timing t = spec.timing();
        List<Question> questions = spec.questions().stream()
                .map(q -> new Question(q.id(), q.kind(), q.min(), q.max(), q.prompts()))
                .toList();
        LanguageChoice choice = spec.languageChoice() == null
                ? null
                : new LanguageChoice(
                        spec.languageChoice().prompt(),
                        new HashMap<>(spec.languageChoice().keys()));
        return new SurveyDefinition(
                spec.id(),
                spec.languages(),
                spec.defaultLanguage(),
                choice,
                spec.greeting(),
                spec.thanks(),
                spec.invalid(),
                questions,
                new SurveyTiming(t.noInputMs(), t.interDigitMs(), t.hangupSilenceMs(), t.maxRetries()));
    }
}
