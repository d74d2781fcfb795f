package io.cxpulse.protocol;

import java.util.ArrayList;
import java.util.HashSet;
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
    private static final int MAX_DEPTH = 64;
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
        Object root = null;
        try {
            if (!json.isBlank()) {
                root = Json.parse(json, MAX_DEPTH);
            }
        } catch (Json.SyntaxException e) {
            throw new SurveySpecException(
                    name + ": not valid JSON at line " + e.line() + ", column " + e.column() + ": " + e.problem(), e);
        }
        return check(root, name, prompts);
    }

    /** Checks a survey already read as a JSON tree by {@link Json#parse} (null if there was nothing to read). */
    public static SurveySpec check(Object root, String name, Prompts prompts) {
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

        SurveySpec survey(Object tree) {
            if (!(tree instanceof Map<?, ?>)) {
                throw fail("", "the survey must be a JSON object");
            }
            Map<String, Object> root = object(tree);
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
            String defaultLanguage =
                    root.containsKey("defaultLanguage") ? text(root, "defaultLanguage", "") : languages.get(0);
            if (!languages.contains(defaultLanguage)) {
                throw fail("defaultLanguage", "\"" + defaultLanguage + "\" is not one of " + languages);
            }
            Map<String, String> greeting =
                    root.containsKey("greeting") ? prompts(root.get("greeting"), "greeting", languages) : Map.of();
            Map<String, String> thanks =
                    root.containsKey("thanks") ? prompts(root.get("thanks"), "thanks", languages) : Map.of();
            if (!root.containsKey("invalid")) {
                throw fail("invalid", "missing (the \"not a valid choice\" prompt per language)");
            }
            Map<String, String> invalid = prompts(root.get("invalid"), "invalid", languages);
            SurveySpec.Choice choice =
                    root.containsKey("languageChoice") ? languageChoice(root.get("languageChoice"), languages) : null;
            List<SurveySpec.QuestionSpec> questions = questions(root.get("questions"), languages);
            SurveySpec.Timing timing =
                    root.containsKey("timing") ? timing(root.get("timing")) : SurveySpec.Timing.DEFAULT;
            return new SurveySpec(id, languages, defaultLanguage, choice, greeting, thanks, invalid, questions, timing);
        }

        private List<String> languages(Map<String, Object> root) {
            if (!(root.get("languages") instanceof List<?> node) || node.isEmpty()) {
                throw fail("languages", "must be a non-empty array such as [\"en\", \"zh\"]");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Object l = node.get(i);
                String where = "languages[" + i + "]";
                if (!(l instanceof String tag) || !LANGUAGE.matcher(tag).matches()) {
                    throw fail(where, "must be a language tag such as \"en\" or \"zh\", got " + Json.write(l));
                }
                if (out.contains(tag)) {
                    throw fail(where, "\"" + tag + "\" is listed twice");
                }
                out.add(tag);
            }
            return out;
        }

        private List<SurveySpec.QuestionSpec> questions(Object value, List<String> languages) {
            if (!(value instanceof List<?> node) || node.isEmpty()) {
                throw fail("questions", "must be a non-empty array of questions");
            }
            if (node.size() > MAX_QUESTIONS) {
                throw fail("questions", "has " + node.size() + " questions, at most " + MAX_QUESTIONS + " allowed");
            }
            List<SurveySpec.QuestionSpec> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                String where = "questions[" + i + "]";
                if (!(node.get(i) instanceof Map<?, ?>)) {
                    throw fail(where, "must be an object with id, kind and prompt");
                }
                Map<String, Object> q = object(node.get(i));
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
                    if (q.containsKey("min") || q.containsKey("max")) {
                        throw fail(
                                where,
                                "kind " + kindName + " always takes " + kind.min() + "-" + kind.max()
                                        + "; min and max are only for kind scale");
                    }
                    min = kind.min();
                    max = kind.max();
                }
                if (!q.containsKey("prompt")) {
                    throw fail(where + ".prompt", "missing (a prompt file per language)");
                }
                Map<String, String> prompts = prompts(q.get("prompt"), where + ".prompt", languages);
                out.add(new SurveySpec.QuestionSpec(id, kind, min, max, prompts));
            }
            return out;
        }

        private SurveySpec.Choice languageChoice(Object value, List<String> languages) {
            String where = "languageChoice";
            if (!(value instanceof Map<?, ?>)) {
                throw fail(where, "must be an object with prompt and keys");
            }
            Map<String, Object> node = object(value);
            onlyFields(node, where, "prompt", "keys");
            String prompt = promptSource(text(node, "prompt", where), where + ".prompt");
            if (!(node.get("keys") instanceof Map<?, ?> keys) || keys.isEmpty()) {
                throw fail(where + ".keys", "must map keys to languages, e.g. {\"1\": \"en\", \"2\": \"zh\"}");
            }
            Map<Character, String> map = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : object(keys).entrySet()) {
                String key = e.getKey();
                if (key.length() != 1 || key.charAt(0) < '0' || key.charAt(0) > '9') {
                    throw fail(where + ".keys", "\"" + key + "\" is not a single digit 0-9");
                }
                if (!(e.getValue() instanceof String lang) || !languages.contains(lang)) {
                    throw fail(where + ".keys." + key, Json.write(e.getValue()) + " is not one of " + languages);
                }
                map.put(key.charAt(0), lang);
            }
            return new SurveySpec.Choice(prompt, map);
        }

        private SurveySpec.Timing timing(Object value) {
            if (!(value instanceof Map<?, ?>)) {
                throw fail("timing", "must be an object");
            }
            Map<String, Object> node = object(value);
            onlyFields(node, "timing", "noInputMs", "interDigitMs", "hangupSilenceMs", "maxRetries");
            SurveySpec.Timing d = SurveySpec.Timing.DEFAULT;
            return new SurveySpec.Timing(
                    node.containsKey("noInputMs") ? integer(node, "noInputMs", "timing", 500, 60_000) : d.noInputMs(),
                    node.containsKey("interDigitMs")
                            ? integer(node, "interDigitMs", "timing", 200, 10_000)
                            : d.interDigitMs(),
                    node.containsKey("hangupSilenceMs")
                            ? integer(node, "hangupSilenceMs", "timing", 1000, 120_000)
                            : d.hangupSilenceMs(),
                    node.containsKey("maxRetries") ? integer(node, "maxRetries", "timing", 0, 10) : d.maxRetries());
        }

        private Map<String, String> prompts(Object value, String where, List<String> languages) {
            if (!(value instanceof Map<?, ?>)) {
                throw fail(where, "must map each language to a WAV file, e.g. {\"en\": \"prompts/en/csat.wav\"}");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : object(value).entrySet()) {
                if (!languages.contains(e.getKey())) {
                    throw fail(where, "language \"" + e.getKey() + "\" is not one of " + languages);
                }
                if (!(e.getValue() instanceof String file) || file.isBlank()) {
                    throw fail(where + "." + e.getKey(), "must be a WAV file name");
                }
                out.put(e.getKey(), promptSource(file, where + "." + e.getKey()));
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

        private String text(Map<String, Object> node, String field, String where) {
            String at = where.isEmpty() ? field : where + "." + field;
            if (!node.containsKey(field)) {
                throw fail(at, "missing");
            }
            Object v = node.get(field);
            if (!(v instanceof String s)) {
                throw fail(at, "must be a string, got " + Json.write(v));
            }
            return s;
        }

        private int integer(Map<String, Object> node, String field, String where, int min, int max) {
            String at = where + "." + field;
            if (!node.containsKey(field)) {
                throw fail(at, "missing");
            }
            Object v = node.get(field);
            if (!(v instanceof Long n) || n < min || n > max) {
                throw fail(at, "must be a whole number " + min + "-" + max + ", got " + Json.write(v));
            }
            return (int) (long) n;
        }

        private void onlyFields(Map<String, Object> node, String where, String... allowed) {
            Set<String> ok = Set.of(allowed);
            for (String f : node.keySet()) {
                if (!ok.contains(f)) {
                    throw fail(where, "unknown field \"" + f + "\" (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> object(Object value) {
            return (Map<String, Object>) value;
        }

        private SurveySpecException fail(String where, String problem) {
            return new SurveySpecException(name + ": " + (where.isEmpty() ? "" : where + ": ") + problem);
        }
    }
}
