package io.cxpulse.server.programs;

import io.cxpulse.protocol.QuestionKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of one program version, question by question, from its surveys' answers. A version's questions are
 * fixed, so these figures never mix two wordings of a question.
 */
final class ProgramResults {
    private ProgramResults() {}

    /**
     * The figures of {@code rows}; with {@code first} (not null) also day by day from {@code first} to {@code today}
     * in {@code zone}.
     */
    static JsonObject of(
            ProgramStore.Version version,
            List<ProgramStore.Answered> rows,
            ZoneId zone,
            LocalDate first,
            LocalDate today) {
        JsonObject out =
                of(version, rows.stream().map(ProgramStore.Answered::answers).toList());
        if (first != null) {
            Map<LocalDate, List<JsonArray>> byDay = new TreeMap<>();
            for (ProgramStore.Answered r : rows) {
                byDay.computeIfAbsent(
                                Instant.ofEpochMilli(r.endMs()).atZone(zone).toLocalDate(), d -> new ArrayList<>())
                        .add(r.answers());
            }
            JsonArray days = new JsonArray();
            for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                JsonObject day = of(version, byDay.getOrDefault(d, List.of()));
                day.remove("programId");
                day.remove("version");
                days.add(new JsonObject()
                        .put("date", d.toString())
                        .put("surveys", day.getInteger("surveys"))
                        .put("questions", day.getJsonArray("questions")));
            }
            out.put("timeZone", zone.getId()).put("days", days);
        }
        return out;
    }

    static JsonObject of(ProgramStore.Version version, List<JsonArray> surveys) {
        JsonArray questions = new JsonArray();
        JsonArray defined = version.survey().getJsonArray("questions", new JsonArray());
        for (int i = 0; i < defined.size(); i++) {
            JsonObject q = defined.getJsonObject(i);
            String id = q.getString("id");
            QuestionKind kind = QuestionKind.fromWire(q.getString("kind"));
            int min = q.getInteger("min", kind == null ? 0 : kind.min());
            int max = q.getInteger("max", kind == null ? 0 : kind.max());
            TreeMap<Integer, Integer> values = new TreeMap<>();
            TreeMap<String, Integer> outcomes = new TreeMap<>();
            long sum = 0;
            int n = 0;
            int promoters = 0;
            int detractors = 0;
            for (JsonArray answers : surveys) {
                for (int a = 0; a < answers.size(); a++) {
                    JsonObject answer = answers.getJsonObject(a);
                    if (!id.equals(answer.getString("questionId"))) {
                        continue;
                    }
                    outcomes.merge(answer.getString("outcome"), 1, Integer::sum);
                    Integer value = answer.getInteger("value");
                    if (value != null) {
                        values.merge(value, 1, Integer::sum);
                        sum += value;
                        n++;
                        promoters += value >= 9 ? 1 : 0;
                        detractors += value <= 6 ? 1 : 0;
                    }
                }
            }
            JsonObject valueCounts = new JsonObject();
            values.forEach((v, count) -> valueCounts.put(Integer.toString(v), count));
            JsonObject outcomeCounts = new JsonObject();
            outcomes.forEach(outcomeCounts::put);
            JsonObject figures = new JsonObject()
                    .put("questionId", id)
                    .put("kind", q.getString("kind"))
                    .put("min", min)
                    .put("max", max)
                    .put("prompt", q.getJsonObject("prompt"))
                    .put("answered", n)
                    .put("mean", n == 0 ? null : Math.round(sum * 100.0 / n) / 100.0)
                    .put("values", valueCounts)
                    .put("outcomes", outcomeCounts);
            if (kind == QuestionKind.NPS) {
                figures.put("nps", n == 0 ? null : Math.round((promoters - detractors) * 1000.0 / n) / 10.0);
            }
            questions.add(figures);
        }
        return new JsonObject()
                .put("programId", version.programId())
                .put("version", version.version())
                .put("surveys", surveys.size())
                .put("questions", questions);
    }
}
