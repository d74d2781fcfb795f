package io.cxpulse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.CallerNumbers;
import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.OfflineDesk;
import io.cxpulse.testsupport.ProgramOnDisk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A desk running a survey program with a 30-day repeat rule, the center's salt kept on disk with it, and its server
 * out of reach: the line's caller numbers reach the call records and surveys only as their hashes, every caller is
 * asked at hang-up (no answer can come), and a caller this desk surveyed a moment ago is not asked again.
 */
class DeskRepeatCallersTest {
    private static final String SALT = "5eed".repeat(16);

    @TempDir
    Path dir;

    @Test
    void callersAreHashedAskedWithoutWaitingAndNotAskedTwiceWithinTheWindow() throws Exception {
        Path programDir = dir.resolve("program");
        ProgramOnDisk.write(programDir, new SurveyProgram.Audience(0L, 100, 30), SALT);

        Desk.SurveyLine silentCaller = (CallSummary call) -> new FakeLine(new short[0]);
        try (Desk desk = OfflineDesk.open(dir, silentCaller)) {
            desk.followPrograms(programDir);
            assertThat(desk.programVersion()).isEqualTo(1);
            desk.start();
            HeadsetListener headset = desk.headsetListener();
            Instant t = Instant.now().minusSeconds(600);

            headset.callAnswered(t);
            desk.callerNumber("+4930123456");
            headset.callEnded(t.plusSeconds(60));
            Await.until("the first caller's survey runs", Duration.ofSeconds(20), () -> desk.surveys() == 1);

            headset.callAnswered(t.plusSeconds(120));
            desk.callerNumber("+4930123456");
            headset.callEnded(t.plusSeconds(180));

            headset.callAnswered(t.plusSeconds(240));
            desk.callerNumber("+4930999999");
            headset.callEnded(t.plusSeconds(300));
            Await.until("the third caller's survey runs", Duration.ofSeconds(20), () -> desk.surveys() == 2);

            headset.callAnswered(t.plusSeconds(360));
            desk.callerNumber(null); // an anonymous caller
            headset.callEnded(t.plusSeconds(420));
            Await.until("the anonymous caller's survey runs", Duration.ofSeconds(20), () -> desk.surveys() == 3);
        }

        List<AgentEvent> pending = OfflineDesk.pending(dir);
        List<CallRecord> calls = pending.stream()
                .filter(e -> e instanceof CallRecord)
                .map(e -> (CallRecord) e)
                .toList();
        List<SurveyResult> surveys = pending.stream()
                .filter(e -> e instanceof SurveyResult)
                .map(e -> (SurveyResult) e)
                .toList();
        String first = CallerNumbers.hash(SALT, "+4930123456");
        String third = CallerNumbers.hash(SALT, "+4930999999");
        assertThat(calls).extracting(CallRecord::callerHash).containsExactly(first, first, third, null);
        assertThat(calls).extracting(CallRecord::surveyOffered).containsExactly(true, false, true, true);
        assertThat(surveys).extracting(SurveyResult::callerHash).containsExactly(first, third, null);
        assertThat(surveys)
                .extracting(SurveyResult::callId)
                .containsExactly(
                        calls.get(0).callId(),
                        calls.get(2).callId(),
                        calls.get(3).callId());
        StringBuilder written = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            for (Path f : files.toList()) {
                written.append(Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        assertThat(written).as("the number itself is never written").doesNotContain("4930123456");
    }
}
