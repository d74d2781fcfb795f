package io.cxpulse.server.programs;

import io.vertx.core.json.JsonObject;

/** The questions of a survey program as {@code POST /api/programs} takes them, for tests that create programs. */
public final class SurveyJson {
    private SurveyJson() {}

    /** Question {@code effort}: a scale from 1 to {@code max}, asked with {@code prompt} (prompt names by language). */
    public static JsonObject effort(int max, JsonObject prompt) {
        return new JsonObject()
                .put("id", "effort")
                .put("kind", "scale")
                .put("min", 1)
                .put("max", max)
                .put("prompt", prompt);
    }

    /** Question {@code nps}: 0-10, asked with {@code prompt} (prompt names by language). */
    public static JsonObject nps(JsonObject prompt) {
        return new JsonObject().put("id", "nps").put("kind", "nps").put("prompt", prompt);
    }

    /** A prompt name for English alone. */
    public static JsonObject en(String prompt) {
        return new JsonObject().put("en", prompt);
    }
}
