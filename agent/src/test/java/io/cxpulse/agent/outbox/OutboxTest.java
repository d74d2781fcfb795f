package io.cxpulse.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @TempDir
    Path dir;

    private static CallRecord call(int n) {
        return new CallRecord("ev-" + n, "agent-01", "call-" + n, 1000, 61_000, 60_000, 0, 0, 0, 0, true);
    }

    private static SurveyResult survey(int n) {
        return new SurveyResult(
                "sv-" + n,
                "agent-01",
                "call-" + n,
                "en",
                61_000,
                70_000,
                SurveyStatus.COMPLETED,
                List.of(Answer.answered("nps", QuestionKind.NPS, 9, 700)));
    }

    @Test
    void keepsUnacknowledgedEventsAcrossRestartsInOrder() throws IOException {
        try (Outbox box = Outbox.open(dir)) {
            box.add(call(1));
            box.add(survey(1));
            box.add(call(2));
            box.remove(List.of("sv-1"));
        }
        try (Outbox box = Outbox.open(dir)) {
            assertThat(box.pending()).containsExactly(call(1), call(2));
        }
    }

    @Test
    void repeatedEventIdsAreKeptOnce() throws IOException {
        try (Outbox box = Outbox.open(dir)) {
            box.add(call(1));
            box.add(call(1));
            box.remove(List.of("unknown"));
            assertThat(box.size()).isEqualTo(1);
        }
    }

    @Test
    void aTornLastLineLosesOnlyThatLine() throws IOException {
        try (Outbox box = Outbox.open(dir)) {
            box.add(call(1));
            box.add(call(2));
        }
        Path journal = dir.resolve("outbox.journal");
        String text = Files.readString(journal);
        // Power lost in the middle of writing the second event.
        Files.writeString(journal, text.substring(0, text.length() - 20));
        Files.writeString(journal, "\ngarbage without a prefix\n", StandardOpenOption.APPEND);
        try (Outbox box = Outbox.open(dir)) {
            assertThat(box.pending()).containsExactly(call(1));
            box.add(call(3));
        }
        try (Outbox box = Outbox.open(dir)) {
            assertThat(box.pending()).containsExactly(call(1), call(3));
        }
    }

    @Test
    void compactsTheJournalOnceMostEventsAreAcknowledged() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Outbox box = Outbox.open(dir)) {
            for (int i = 0; i < 1500; i++) {
                box.add(call(i));
                ids.add("ev-" + i);
            }
            box.remove(ids.subList(0, 1499));
            assertThat(box.pending()).containsExactly(call(1499));
        }
        List<String> lines = Files.readAllLines(dir.resolve("outbox.journal"), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1).allMatch(l -> l.startsWith("E ") && l.contains("\"ev-1499\""));
        try (Outbox box = Outbox.open(dir)) {
            assertThat(box.pending()).extracting(AgentEvent::eventId).containsExactly("ev-1499");
        }
    }
}
