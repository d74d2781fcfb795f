package io.cxpulse.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a survey definition (JSON), one set for the agent's survey files ({@code cx-agent survey check}) and
 * the server's survey programs. Every problem is a {@link SurveySpecException} naming the source and the field, e.g.
 * {@code survey.json: questions[1] (id "nps").prompt: has no "zh" prompt}. Where prompts come from is the caller's:
 * a {@link Prompts} callback turns each prompt named in the JSON into its source, or says why it cannot be used.
 *
 * <pre>{@code
 * {"id": "default", "languages": ["en", "zh"], "defaultLanguage": "en",
 *  "greeting": {"en": "greeting.wav", "zh": "..."}, "thanks": {...}, "invalid": {...},
 *  "languageChoice": {"prompt": "language.wav", "keys": {"1": "en", "2": "zh"}},
 *  "questions": [{"id": "csat", "kind": "csat", "prompt": {"en": "...", "zh": "..."}},
 *                {"id": "effort", "kind": "scale", "min": 1, "max": 7, "prompt": {...}}],
 *  "timing": {"noInputMs": 5000, "interDigitMs": 2000, "hangupSilenceMs": 10000, "maxRetries": 2}}
 * }</pre>
 */
public final class SurveySpecs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Survey and question ids: a letter then up to 39 letters, digits, '-' or '_'. */
    public static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final int MAX_QUESTIONS = 20;
    private static final int MAX_ANSWER = QuestionKind.SCALE.max();

    /** Turns a prompt as the JSON names it into its source. */
    @FunctionalInterface
    public interface Prompts {
        /**
         * The source of prompt {@code raw}.
         *
         * @throws IllegalArgumentException saying what is wrong with it (the field is added by the checker)
         */
        String resolve(String raw);
    }

    private SurveySpecs() {}

    /**
     * Parses and checks survey JSON.
     *
     * @param name the name used in messages (a file name, or the program)
     */
    public static SurveySpec parse(String json, String name, Prompts prompts) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SurveySpecException(
                    name + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(),
                    e);
        }
        return check(root, name, prompts);
    }

    /** Checks a survey already read as a JSON tree. */
    public static SurveySpec check(JsonNode root, String name, Prompts prompts) {
        return new Reader(name, prompts).survey(root);
    }

    /** Walks the JSON tree, keeping the name for messages and the prompt callback. */
    private static final class Reader {
        private final String name;
        private final Prompts prompts;

        Reader(String name, Prompts prompts) {
            this.name = name;
            this.prompts = prompts;
        }

        SurveySpec survey(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw fail("", "the survey must be a JSON object");
            }
            onlyFields(
                    root,
                    "",
                    "id",
                    "languages",
                    "defaultLanguage",
                    "languageChoice",
                    "greeting",
                    "thanks",
                    "invalid",
                    "questions",
                    "timing");
            String id = text(root, "id", "");
            if (!ID.matcher(id).matches()) {
                throw fail("id", "must be a letter then up to 39 letters, digits, '-' or '_', got \"" + id + "\"");
            }
            List<String> languages = languages(root);
            String defaultLanguage = root.has("defaultLanguage") ? text(root, "defaultLanguage", "") : languages.get(0);
            if (!languages.contains(defaultLanguage)) {
                throw fail("defaultLanguage", "\"" + defaultLanguage + "\" is not one of " + languages);
            }
            Map<String, String> greeting =
                    root.has("greeting") ? prompts(root.get("greeting"), "greeting", languages) : Map.of();
            Map<String, String> thanks =
                    root.has("thanks") ? prompts(root.get("thanks"), "thanks", languages) : Map.of();
            if (!root.has("invalid")) {
                throw fail("invalid", "missing (the \"not a valid choice\" prompt per language)");
            }
            Map<String, String> invalid = prompts(root.get("invalid"), "invalid", languages);
            SurveySpec.Choice choice =
                    root.has("languageChoice") ? languageChoice(root.get("languageChoice"), languages) : null;
            List<SurveySpec.QuestionSpec> questions = questions(root.get("questions"), languages);
            SurveySpec.Timing timing = root.has("timing") ? timing(root.get("timing")) : SurveySpec.Timing.DEFAULT;
            return new SurveySpec(id, languages, defaultLanguage, choice, greeting, thanks, invalid, questions, timing);
        }

        private List<String> languages(JsonNode root) {
            JsonNode node = root.get("languages");
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw fail("languages", "must be a non-empty array such as [\"en\", \"zh\"]");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode l = node.get(i);
                String where = "languages[" + i + "]";
                if (!l.isTextual() || !LANGUAGE.matcher(l.asText()).matches()) {
                    throw fail(where, "must be a language tag such as \"en\" or \"zh\", got " + l);
                }
                if (out.contains(l.asText())) {
                    throw fail(where, "\"" + l.asText() + "\" is listed twice");
                }
                out.add(l.asText());
            }
            return out;
        }

        private List<SurveySpec.QuestionSpec> questions(JsonNode node, List<String> languages) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw fail("questions", "must be a non-empty array of questions");
            }
            if (node.size() > MAX_QUESTIONS) {
                throw fail("questions", "has " + node.size() + " questions, at most " + MAX_QUESTIONS + " allowed");
            }
            List<SurveySpec.QuestionSpec> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode q = node.get(i);
                String where = "questions[" + i + "]";
                if (!q.isObject()) {
                    throw fail(where, "must be an object with id, kind and prompt");
                }
                String id = text(q, "id", where);
                if (!ID.matcher(id).matches()) {
                    throw fail(
                            where + ".id",
                            "must be a letter then up to 39 letters, digits, '-' or '_', got \"" + id + "\"");
                }
                where = where + " (id \"" + id + "\")";
                if (!ids.add(id)) {
                    throw fail(where, "the id is used by an earlier question");
                }
                onlyFields(q, where, "id", "kind", "min", "max", "prompt");
                String kindName = text(q, "kind", where);
                QuestionKind kind = QuestionKind.fromWire(kindName);
                if (kind == null) {
                    throw fail(where + ".kind", "\"" + kindName + "\" is not one of csat, nps, yesno, scale");
                }
                int min;
                int max;
                if (kind == QuestionKind.SCALE) {
                    min = integer(q, "min", where, 0, MAX_ANSWER);
                    max = integer(q, "max", where, 0, MAX_ANSWER);
                    if (max <= min) {
                        throw fail(where, "scale max " + max + " must be greater than min " + min);
                    }
                } else {
                    if (q.has("min") || q.has("max")) {
                        throw fail(
                                where,
                                "kind " + kindName + " always takes " + kind.min() + "-" + kind.max()
                                        + "; min and max are only for kind scale");
                    }
                    min = kind.min();
                    max = kind.max();
                }
                if (!q.has("prompt")) {
                    throw fail(where + ".prompt", "missing (a prompt file per language)");
                }
                Map<String, String> prompts = prompts(q.get("prompt"), where + ".prompt", languages);
                out.add(new SurveySpec.QuestionSpec(id, kind, min, max, prompts));
            }
            return out;
        }

        private SurveySpec.Choice languageChoice(JsonNode node, List<String> languages) {
            String where = "languageChoice";
            if (!node.isObject()) {
                throw fail(where, "must be an object with prompt and keys");
            }
            onlyFields(node, where, "prompt", "keys");
            String prompt = promptSource(text(node, "prompt", where), where + ".prompt");
            JsonNode keys = node.get("keys");
            if (keys == null || !keys.isObject() || keys.isEmpty()) {
                throw fail(where + ".keys", "must map keys to languages, e.g. {\"1\": \"en\", \"2\": \"zh\"}");
            }
            Map<Character, String> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.length() != 1 || key.charAt(0) < '0' || key.charAt(0) > '9') {
                    throw fail(where + ".keys", "\"" + key + "\" is not a single digit 0-9");
                }
                String lang = e.getValue().asText();
                if (!e.getValue().isTextual() || !languages.contains(lang)) {
                    throw fail(where + ".keys." + key, e.getValue() + " is not one of " + languages);
                }
                map.put(key.charAt(0), lang);
            }
            return new SurveySpec.Choice(prompt, map);
        }

        private SurveySpec.Timing timing(JsonNode node) {
            if (!node.isObject()) {
                throw fail("timing", "must be an object");
            }
            onlyFields(node, "timing", "noInputMs", "interDigitMs", "hangupSilenceMs", "maxRetries");
            SurveySpec.Timing d = SurveySpec.Timing.DEFAULT;
            return new SurveySpec.Timing(
                    node.has("noInputMs") ? integer(node, "noInputMs", "timing", 500, 60_000) : d.noInputMs(),
                    node.has("interDigitMs") ? integer(node, "interDigitMs", "timing", 200, 10_000) : d.interDigitMs(),
                    node.has("hangupSilenceMs")
                            ? integer(node, "hangupSilenceMs", "timing", 1000, 120_000)
                            : d.hangupSilenceMs(),
                    node.has("maxRetries") ? integer(node, "maxRetries", "timing", 0, 10) : d.maxRetries());
        }

        private Map<String, String> prompts(JsonNode node, String where, List<String> languages) {
            if (!node.isObject()) {
                throw fail(where, "must map each language to a WAV file, e.g. {\"en\": \"prompts/en/csat.wav\"}");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!languages.contains(e.getKey())) {
                    throw fail(where, "language \"" + e.getKey() + "\" is not one of " + languages);
                }
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    throw fail(where + "." + e.getKey(), "must be a WAV file name");
                }
                out.put(e.getKey(), promptSource(e.getValue().asText(), where + "." + e.getKey()));
            }
            for (String lang : languages) {
                if (!out.containsKey(lang)) {
                    throw fail(where, "has no \"" + lang + "\" prompt");
                }
            }
            return out;
        }

        private String promptSource(String raw, String where) {
            try {
                return prompts.resolve(raw);
            } catch (IllegalArgumentException e) {
                throw fail(where, e.getMessage());
            }
        }

        private String text(JsonNode node, String field, String where) {
            JsonNode v = node.get(field);
            String at = where.isEmpty() ? field : where + "." + field;
            if (v == null) {
                throw fail(at, "missing");
            }
            if (!v.isTextual()) {
                throw fail(at, "must be a string, got " + v);
            }
            return v.asText();
        }

        private int integer(JsonNode node, String field, String where, int min, int max) {
            JsonNode v = node.get(field);
            String at = where + "." + field;
            if (v == null) {
                throw fail(at, "missing");
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw fail(at, "must be a whole number " + min + "-" + max + ", got " + v);
            }
            return v.asInt();
        }

        private void onlyFields(JsonNode node, String where, String... allowed) {
            Set<String> ok = Set.of(allowed);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!ok.contains(f)) {
                    throw fail(where, "unknown field \"" + f + "\" (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        private SurveySpecException fail(String where, String problem) {
            return new SurveySpecException(name + ": " + (where.isEmpty() ? "" : where + ": ") + problem);
        }
    }
}
