package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.testkit.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cx-agent run} assembled for real on this machine's stand-ins: the Linux hidraw backend on a fake sysfs tree
 * with a pseudo-terminal as the headset's node, and the javax.sound line on the in-memory phone mixer. Hanging up
 * the headset starts the survey on the line; the caller's touch-tones become answers; with the server down, the call
 * and its survey wait durably in the outbox.
 */
class AgentRunIT {
    @TempDir
    Path dir;

    @Test
    void hangingUpSurveysTheCallerAndKeepsEverythingWhileTheServerIsDown() throws Exception {
        DtmfGenerator keys = new DtmfGenerator(8000).withToneMs(80).withGapMs(600);
        short[] lead = new short[8000]; // the caller listens to the greeting for a second
        short[] tones = keys.digits("5101");
        short[] caller = new short[lead.length + tones.length];
        System.arraycopy(tones, 0, caller, lead.length, tones.length);
        FakeMixerProvider.reset(caller);

        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        FakeHeadsetDevice device =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            RunCommand run = new RunCommand();
            run.server.servers = List.of(URI.create("http://127.0.0.1:9")); // nothing listens there
            run.agentId = "agent-07";
            run.tokenFile = token;
            run.playback = FakeMixerProvider.PHONE;
            run.capture = FakeMixerProvider.PHONE;
            run.minTalkSeconds = 0;
            run.echoWindowMs = 0;
            run.dataDir = dir.resolve("agent");
            run.hid.sysfs = fake.sys;
            run.hid.dev = fake.dev;

            try (RunCommand.Running running = run.start()) {
                Await.until(
                        "running.headsets().active().isPresent()",
                        Duration.ofSeconds(5),
                        () -> running.headsets().active().isPresent());
                device.hookOff().forEach(node::send);
                Await.until(
                        "running.desk().callState() == CallTracker.State.ACTIVE",
                        Duration.ofSeconds(5),
                        () -> running.desk().callState() == CallTracker.State.ACTIVE);
                device.hookOn().forEach(node::send);
                Await.until(
                        "running.desk().surveys() == 1",
                        Duration.ofSeconds(60),
                        () -> running.desk().surveys() == 1);
                // The survey counts as done before its result is queued behind the call record.
                Await.until(
                        "running.desk().pendingEvents() == 2",
                        Duration.ofSeconds(5),
                        () -> running.desk().pendingEvents() == 2);
            }
        }

        try (Outbox outbox = Outbox.open(dir.resolve("agent").resolve("outbox"))) {
            List<AgentEvent> pending = outbox.pending();
            assertThat(pending).hasSize(2);
            CallRecord call = (CallRecord) pending.get(0);
            SurveyResult survey = (SurveyResult) pending.get(1);
            assertThat(call.agentId()).isEqualTo("agent-07");
            assertThat(call.surveyOffered()).isTrue();
            assertThat(survey.callId()).isEqualTo(call.callId());
            assertThat(survey.status()).isEqualTo(SurveyStatus.COMPLETED);
            assertThat(survey.value("csat")).isEqualTo(5);
            assertThat(survey.value("nps")).isEqualTo(10);
            assertThat(survey.value("resolved")).isEqualTo(1);
        }
    }
}
