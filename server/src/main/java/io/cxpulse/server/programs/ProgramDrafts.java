package io.cxpulse.server.programs;

import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveySpecs;
import io.cxpulse.server.api.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what an admin saves as a program version, before it is stored: the survey by the rules of {@code cx-agent
 * survey check} (with every prompt an uploaded one, in every language), the audience, and the note. Every refusal
 * names the field.
 */
final class ProgramDrafts {
    private static final int MAX_NOTE = 200;

    private ProgramDrafts() {}

    /** A checked version: the survey (its {@code id} the program's) and the audience with its defaults filled in. */
    record Draft(JsonObject survey, JsonObject audience, String note) {}

    /** Reads {@code body}'s {@code survey}, {@code audience} and {@code note} for program {@code programId}. */
    static Draft read(JsonObject body, String programId, Set<String> uploadedPrompts) {
        if (!(body.getValue("survey") instanceof JsonObject given)) {
            throw ApiException.badRequest("survey: required, a survey definition (JSON object)");
        }
        JsonObject survey = given.copy();
        Object id = survey.getValue("id");
        if (id == null) {
            survey.put("id", programId);
        } else if (!programId.equals(id)) {
            throw ApiException.badRequest("survey: id: must be the program's id \"" + programId + "\", got " + id);
        }
        String missing = missingPrompts(survey);
        if (missing != null) {
            throw ApiException.badRequest("survey: missing prompts: " + missing);
        }
        SurveySpecs.parse(survey.encode(), "survey", raw -> {
            if (!SurveyProgram.isPromptHash(raw)) {
                throw new IllegalArgumentException("must name an uploaded prompt (sha256:HEX), got \"" + raw + "\"");
            }
            if (!uploadedPrompts.contains(raw)) {
                throw new IllegalArgumentException("prompt " + raw + " has not been uploaded");
            }
            return raw;
        });
        JsonObject audience = audience(body.getValue("audience"));
        Object note = body.getValue("note");
        if (note != null && (!(note instanceof String s) || s.length() > MAX_NOTE)) {
            throw ApiException.badRequest("note: must be text of at most " + MAX_NOTE + " characters");
        }
        return new Draft(survey, audience, (String) note);
    }

    /**
     * Every prompt that a language lacks, language by language ({@code zh: invalid, questions[1] (id "nps").prompt}),
     * or null when none is missing or the survey is too malformed to tell (the rules then say what is wrong).
     */
    static String missingPrompts(JsonObject survey) {
        if (!(survey.getValue("languages") instanceof JsonArray languages)
                || !(survey.getValue("questions") instanceof JsonArray questions)) {
            return null;
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (Object l : languages) {
            if (!(l instanceof String lang)) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            for (String fixed : List.of("greeting", "invalid", "thanks")) {
                // Greeting and thanks may be left out altogether; once given, every language needs one.
                Object map = survey.getValue(fixed);
                if ((map == null && fixed.equals("invalid")) || (map instanceof JsonObject m && !m.containsKey(lang))) {
                    fields.add(fixed);
                }
            }
            for (int i = 0; i < questions.size(); i++) {
                if (!(questions.getValue(i) instanceof JsonObject q)) {
                    return null;
                }
                Object prompt = q.getValue("prompt");
                if (prompt == null || (prompt instanceof JsonObject m && !m.containsKey(lang))) {
                    Object id = q.getValue("id");
                    fields.add(
                            "questions[" + i + "]" + (id instanceof String s ? " (id \"" + s + "\")" : "") + ".prompt");
                }
            }
            if (!fields.isEmpty()) {
                missing.put(lang, fields);
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        missing.forEach((lang, fields) -> parts.add(lang + ": " + String.join(", ", fields)));
        return String.join("; ", parts);
    }

    private static JsonObject audience(Object value) {
        if (value == null) {
            return new JsonObject()
                    .putNull("minTalkMs")
                    .put("samplePercent", 100)
                    .put("repeatDays", 0);
        }
        if (!(value instanceof JsonObject a)) {
            throw ApiException.badRequest("audience: must be an object with minTalkMs, samplePercent, repeatDays");
        }
        for (String f : a.fieldNames()) {
            if (!Set.of("minTalkMs", "samplePercent", "repeatDays").contains(f)) {
                throw ApiException.badRequest(
                        "audience: unknown field \"" + f + "\" (allowed: minTalkMs, samplePercent, repeatDays)");
            }
        }
        Long minTalk = a.getValue("minTalkMs") == null ? null : (long) whole(a, "minTalkMs", 0, 3_600_000, 0);
        return new JsonObject()
                .put("minTalkMs", minTalk)
                .put("samplePercent", whole(a, "samplePercent", 1, 100, 100))
                .put("repeatDays", whole(a, "repeatDays", 0, 365, 0));
    }

    private static int whole(JsonObject a, String field, int min, int max, int def) {
        Object v = a.getValue(field);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Integer || v instanceof Long)
                || ((Number) v).longValue() < min
                || ((Number) v).longValue() > max) {
            throw ApiException.badRequest(
                    "audience." + field + ": must be a whole number " + min + "-" + max + ", got " + v);
        }
        return ((Number) v).intValue();
    }
}
