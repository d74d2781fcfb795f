package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.HeadsetController;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.line.sip.BaresipCaller;
import io.cxpulse.agent.line.sip.Sdp;
import io.cxpulse.agent.line.sip.SipCall;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cx-agent run --line sip} with a real caller: baresip dials the agent's SIP address on loopback and plays a
 * recorded caller; the fake hidraw headset rings, goes off-hook (answers), and on-hook; the survey then runs on the
 * caller's leg of the same call and the agent sends the BYE. With the server down, the call record and the survey
 * wait in the outbox, where the test reads them.
 */
class SipLineIT {
    @TempDir
    Path dir;

    /** A caller who talks for two seconds, then stays on the line (room noise) for {@code seconds} in all. */
    private static short[] talkingCaller(double seconds) {
        short[] talk =
                TestAudio.mix(TestAudio.cadencedTone(2.0, 180, 60, 2500, 220, 330), TestAudio.noise(2.0, 300, 1));
        return TestAudio.concat(talk, TestAudio.noise(seconds - 2.0, 80, 2));
    }

    private RunCommand.Running start(FakeHidraw fake, int sipPort) throws Exception {
        return start(fake, sipPort, "none");
    }

    private RunCommand.Running start(FakeHidraw fake, int sipPort, String headsetAudio) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        RunCommand run = new RunCommand();
        new CommandLine(run)
                .parseArgs(
                        "--server",
                        "http://127.0.0.1:9", // nothing listens there: events wait in the outbox
                        "--agent-id",
                        "agent-07",
                        "--token-file",
                        token.toString(),
                        "--data-dir",
                        dir.resolve("agent").toString(),
                        "--min-talk",
                        "0",
                        "--echo-window",
                        "0",
                        "--sysfs",
                        fake.sys.toString(),
                        "--dev",
                        fake.dev.toString(),
                        "--line",
                        "sip",
                        "--sip-uri",
                        "sip:agent07@127.0.0.1",
                        "--sip-listen",
                        "127.0.0.1:" + sipPort,
                        "--headset-audio",
                        headsetAudio);
        return run.start();
    }

    private static HeadsetController ringing(RunCommand.Running running) throws InterruptedException {
        Await.until(
                "the headset rings",
                Duration.ofSeconds(10),
                () -> running.headsets().active().map(h -> h.ledState().ring()).orElse(false));
        return running.headsets().active().orElseThrow();
    }

    private List<AgentEvent> outbox() throws Exception {
        try (Outbox outbox = Outbox.open(dir.resolve("agent").resolve("outbox"))) {
            return outbox.pending();
        }
    }

    @Test
    void agentHangsUpAndTheCallerAnswersTheSurveyWithRfc4733Keys() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(90), 8000);
        surveyedCall(recording, "PCMU", true);
    }

    @Test
    void agentHangsUpAndTheCallerAnswersTheSurveyWithInBandTones() throws Exception {
        // The recorded caller keys 5, 1 0, 1 in-band, nine seconds into the call (the survey has begun by then).
        short[] tones = new DtmfGenerator(8000).withToneMs(150).withGapMs(700).digits("5101");
        short[] talk = talkingCaller(9);
        short[] rest = TestAudio.noise(60, 80, 3);
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, TestAudio.concat(talk, tones, rest), 8000);
        surveyedCall(recording, "PCMA", false);
    }

    private void surveyedCall(Path recording, String codec, boolean rfc4733) throws Exception {
        FakeHeadsetDevice device = deskHeadset();
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, codec)) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort)) {
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                ringing(running);
                SipCall call = running.phone().current().orElseThrow();
                assertThat(call.codec().name()).isEqualTo(codec);

                device.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                assertThat(call.await(SipCall.State.TALKING, 5000)).isTrue();
                assertThat(running.desk().callState()).isEqualTo(CallTracker.State.ACTIVE);
                Thread.sleep(1500); // the agent and the caller talk
                Await.until(
                        "caller audio arrives",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > 20);

                device.hookOn().forEach(node::send);
                Await.until(
                        "the call passes to the survey",
                        Duration.ofSeconds(5),
                        () -> call.state() == SipCall.State.SURVEY);
                assertThat(caller.saw("CALL_CLOSED")).isFalse(); // the caller is still on the line
                if (rfc4733) {
                    assertThat(call.telephoneEvents()).isTrue();
                    Thread.sleep(1500);
                    for (String key : List.of("5", "1", "0", "1")) {
                        caller.keys(key);
                        Thread.sleep(700);
                    }
                }
                caller.await("CALL_CLOSED", Duration.ofSeconds(90)); // the agent's BYE after the thanks prompt
                Await.until(
                        "the survey ends",
                        Duration.ofSeconds(10),
                        () -> running.desk().surveys() == 1);
                assertThat(call.state()).isEqualTo(SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.AGENT);
            }
        }
        CallRecord record = oneCallAndItsSurvey(5, 10);
        assertThat(record.surveyOffered()).isTrue();
    }

    /**
     * Asserts that the outbox holds one call the agent hung up, with talk, and its completed survey with these
     * answers (and resolved); returns the call's record.
     */
    private CallRecord oneCallAndItsSurvey(int csat, int nps) throws Exception {
        List<AgentEvent> pending = outbox();
        assertThat(pending).hasSize(2);
        CallRecord record = (CallRecord) pending.get(0);
        SurveyResult survey = (SurveyResult) pending.get(1);
        assertThat(record.endedBy()).isEqualTo(EndedBy.AGENT);
        assertThat(record.talkMs()).isGreaterThan(1000);
        assertThat(survey.callId()).isEqualTo(record.callId());
        assertThat(survey.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(survey.value("csat")).isEqualTo(csat);
        assertThat(survey.value("nps")).isEqualTo(nps);
        assertThat(survey.value("resolved")).isEqualTo(1);
        return record;
    }

    @Test
    void theNextCallRingsAndIsAnsweredWhileThePreviousCallerDoesTheSurvey() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(90), 8000);
        FakeHeadsetDevice device = deskHeadset();
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller first = BaresipCaller.start(dir.resolve("first"), recording, "PCMU");
                BaresipCaller second = BaresipCaller.start(dir.resolve("second"), recording, "PCMA")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort)) {
                attached(running);
                first.dial("sip:agent07@127.0.0.1:" + sipPort);
                ringing(running);
                SipCall one = running.phone().current().orElseThrow();
                device.hookOff().forEach(node::send);
                first.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                Thread.sleep(1000);
                device.hookOn().forEach(node::send);
                Await.until(
                        "the first call passes to the survey",
                        Duration.ofSeconds(5),
                        () -> one.state() == SipCall.State.SURVEY);

                second.dial("sip:agent07@127.0.0.1:" + sipPort);
                ringing(running);
                SipCall two = running.phone().current().orElseThrow();
                assertThat(two).isNotSameAs(one);
                device.hookOff().forEach(node::send);
                second.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                for (String key : List.of("5", "1", "0", "1")) {
                    first.keys(key);
                    Thread.sleep(700);
                }
                second.hangUp();
                first.await("CALL_CLOSED", Duration.ofSeconds(90));
                Await.until(
                        "the survey ends",
                        Duration.ofSeconds(10),
                        () -> running.desk().surveys() == 1);
                assertThat(one.endedBy()).isEqualTo(EndedBy.AGENT);
                assertThat(two.endedBy()).isEqualTo(EndedBy.CALLER);
            }
        }
        List<AgentEvent> pending = outbox();
        assertThat(pending).hasSize(3);
        CallRecord firstCall = (CallRecord) pending.stream()
                .filter(e -> e instanceof CallRecord c && c.endedBy() == EndedBy.AGENT)
                .findFirst()
                .orElseThrow();
        SurveyResult survey = (SurveyResult) pending.stream()
                .filter(e -> e instanceof SurveyResult)
                .findFirst()
                .orElseThrow();
        assertThat(survey.callId()).isEqualTo(firstCall.callId());
        assertThat(survey.status()).isEqualTo(SurveyStatus.COMPLETED);
        assertThat(pending)
                .filteredOn(e -> e instanceof CallRecord c && c.endedBy() == EndedBy.CALLER)
                .hasSize(1);
    }

    @Test
    void aCallerWhoGivesUpWhileItRingsStopsTheRinging() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(30), 8000);
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort)) {
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                HeadsetController headset = ringing(running);
                SipCall call = running.phone().current().orElseThrow();
                caller.hangUp(); // CANCEL before the agent answers
                Await.until(
                        "the ringing stops",
                        Duration.ofSeconds(10),
                        () -> !headset.ledState().ring());
                assertThat(call.state()).isEqualTo(SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
                assertThat(running.desk().callState()).isEqualTo(CallTracker.State.IDLE);
                assertThat(running.phone().current()).isEmpty();
            }
        }
        assertThat(outbox()).as("an unanswered call is no call of the agent's").isEmpty();
    }

    @Test
    void theSipLineCanBeSetUpInTheConfigurationFile() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(30), 8000);
        int sipPort = BaresipCaller.freePort();
        Path config = Files.writeString(
                dir.resolve("agent.properties"),
                String.join(
                        "\n",
                        "line = sip",
                        "sip.uri = sip:agent07@127.0.0.1",
                        "sip.listen = 127.0.0.1:" + sipPort,
                        "headset.audio = none",
                        ""));
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            plugDeskHeadset(fake);
            RunCommand run = new RunCommand();
            new CommandLine(run)
                    .parseArgs(
                            "--server",
                            "http://127.0.0.1:9",
                            "--agent-id",
                            "agent-07",
                            "--token-file",
                            token.toString(),
                            "--data-dir",
                            dir.resolve("agent").toString(),
                            "--sysfs",
                            fake.sys.toString(),
                            "--dev",
                            fake.dev.toString(),
                            "--config",
                            config.toString());
            try (RunCommand.Running running = run.start()) {
                assertThat(running.phone()).as("line = sip").isNotNull();
                assertThat(running.phone().port()).isEqualTo(sipPort);
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                HeadsetController headset = ringing(running);
                caller.hangUp();
                Await.until(
                        "the ringing stops",
                        Duration.ofSeconds(10),
                        () -> !headset.ledState().ring());
            }
        }
    }

    @Test
    void theHeadsetsMicrophoneAndEarpieceCarryTheCallAndMuteSilencesTheMicrophone() throws Exception {
        short[] agentVoice = new short[8000 * 60];
        for (int i = 0; i < agentVoice.length; i++) {
            agentVoice[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        FakeMixerProvider.reset(agentVoice); // the headset's microphone
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, TestAudio.noise(60, 1500, 4), 8000);
        FakeHeadsetDevice device = deskHeadset();
        int sipPort = BaresipCaller.freePort();
        Path heard;
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort, FakeMixerProvider.PHONE)) {
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                HeadsetController headset = ringing(running);
                SipCall call = running.phone().current().orElseThrow();
                device.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                Thread.sleep(2000);
                device.pressMute().forEach(node::send);
                Await.until(
                        "the Mute LED is lit",
                        Duration.ofSeconds(5),
                        () -> headset.ledState().mute());
                Thread.sleep(2000);
                device.pressMute().forEach(node::send);
                Await.until(
                        "the Mute LED is off",
                        Duration.ofSeconds(5),
                        () -> !headset.ledState().mute());
                Thread.sleep(1500);
                caller.hangUp();
                Await.until("the call ends", Duration.ofSeconds(10), () -> call.state() == SipCall.State.ENDED);
                Thread.sleep(500); // baresip closes its recording
                heard = caller.heard();
            }
        }
        // The caller's voice reached the earpiece.
        short[] earpiece = FakeMixerProvider.playedToPhone();
        assertThat(rms(earpiece, 0, earpiece.length)).isGreaterThan(500);
        // The caller heard the microphone, then a stretch of silence while muted, then the microphone again.
        short[] atCaller = WavFiles.read8kMono(heard);
        int loudBefore = -1;
        int quietRun = 0;
        int longestQuiet = 0;
        int loudAfter = -1;
        for (int f = 0; f + 800 <= atCaller.length; f += 800) {
            double r = rms(atCaller, f, 800);
            if (r > 2000) {
                if (loudBefore < 0) {
                    loudBefore = f;
                } else if (longestQuiet >= 15) {
                    loudAfter = f;
                }
                quietRun = 0;
            } else if (r < 100 && loudBefore >= 0) {
                longestQuiet = Math.max(longestQuiet, ++quietRun);
            }
        }
        assertThat(loudBefore).as("the microphone reached the caller").isGreaterThanOrEqualTo(0);
        assertThat(longestQuiet).as("100 ms frames of silence while muted").isGreaterThanOrEqualTo(15);
        assertThat(loudAfter).as("the microphone came back after unmute").isGreaterThan(loudBefore);
        CallRecord record = (CallRecord) outbox().get(0);
        assertThat(record.muteCount()).isEqualTo(1);
        assertThat(record.muteMs()).isGreaterThan(1500);
    }

    private static FakeHeadsetDevice deskHeadset() {
        return new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
    }

    private static FakeHidraw.Node plugDeskHeadset(FakeHidraw fake) {
        return fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
    }

    /** Waits until the run has taken the plugged headset; returns it. */
    private static HeadsetController attached(RunCommand.Running running) throws InterruptedException {
        Await.until(
                "the headset is attached",
                Duration.ofSeconds(5),
                () -> running.headsets().active().isPresent());
        return running.headsets().active().orElseThrow();
    }

    private static double rms(short[] pcm, int off, int len) {
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return len == 0 ? 0 : Math.sqrt(sum / len);
    }

    @Test
    void theAgentPlacesACallAndTheCalleeIsSurveyedAfterTheAgentHangsUp() throws Exception {
        Path recording = dir.resolve("callee.wav");
        WavFiles.write(recording, talkingCaller(90), 8000);
        FakeHeadsetDevice device = deskHeadset();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller callee = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMA", "auto")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, BaresipCaller.freePort())) {
                HeadsetController headset = attached(running);
                SipCall call = running.handset().dial(callee.uri());
                assertThat(call.outgoing()).isTrue();
                Await.until(
                        "the headset goes off hook",
                        Duration.ofSeconds(5),
                        () -> headset.ledState().offHook());
                device.hookOff().forEach(node::send); // the headset reports the hook the host set
                callee.await("CALL_ESTABLISHED", Duration.ofSeconds(10)); // auto-answer: 200 OK, our ACK
                assertThat(call.await(SipCall.State.TALKING, 5000)).isTrue();
                assertThat(call.codec().name()).isEqualTo("PCMA");
                assertThat(call.telephoneEvents()).isTrue();
                Await.until(
                        "the agent's call is active",
                        Duration.ofSeconds(5),
                        () -> running.desk().callState() == CallTracker.State.ACTIVE);
                Await.until(
                        "callee audio arrives",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > 50);
                Thread.sleep(1500); // the agent and the callee talk

                device.hookOn().forEach(node::send);
                Await.until(
                        "the call passes to the survey",
                        Duration.ofSeconds(5),
                        () -> call.state() == SipCall.State.SURVEY);
                assertThat(callee.saw("CALL_CLOSED")).isFalse(); // the callee is still on the line
                Thread.sleep(1500);
                for (String key : List.of("4", "8", "1")) {
                    callee.keys(key);
                    Thread.sleep(700);
                }
                callee.await("CALL_CLOSED", Duration.ofSeconds(90)); // the agent's BYE after the thanks prompt
                Await.until(
                        "the survey ends",
                        Duration.ofSeconds(10),
                        () -> running.desk().surveys() == 1);
                assertThat(call.endedBy()).isEqualTo(EndedBy.AGENT);
            }
        }
        oneCallAndItsSurvey(4, 8);
    }

    @Test
    void theRunConsoleDialsHoldsAndResumes() throws Exception {
        Path recording = dir.resolve("callee.wav");
        WavFiles.write(recording, talkingCaller(60), 8000);
        FakeHeadsetDevice device = deskHeadset();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller callee = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU", "auto")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, BaresipCaller.freePort())) {
                attached(running);
                LineConsole console = new LineConsole(running.handset(), running.headsets()::active);
                assertThat(console.handle("dial " + callee.uri())).isEqualTo("calling " + callee.uri());
                device.hookOff().forEach(node::send);
                callee.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                SipCall call = running.phone().current().orElseThrow();
                assertThat(call.await(SipCall.State.TALKING, 5000)).isTrue();
                assertThat(console.handle("dial " + callee.uri())).contains("the agent is on a call already");
                assertThat(console.handle("hold")).isEqualTo("held");
                Await.until(
                        "the callee's side accepts the hold",
                        Duration.ofSeconds(5),
                        () -> call.direction() == Sdp.Direction.SENDONLY);
                assertThat(console.handle("resume")).isEqualTo("resumed");
                Await.until(
                        "the callee's side resumes",
                        Duration.ofSeconds(5),
                        () -> call.direction() == Sdp.Direction.SENDRECV);
                assertThat(console.handle("redial")).startsWith("unknown command redial");
                callee.hangUp();
                Await.until("the call ends", Duration.ofSeconds(10), () -> call.state() == SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
            }
        }
    }

    @Test
    void theAgentHangsUpBeforeTheCalleeAnswersAndTheCallIsCancelled() throws Exception {
        Path recording = dir.resolve("callee.wav");
        WavFiles.write(recording, talkingCaller(30), 8000);
        FakeHeadsetDevice device = deskHeadset();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller callee = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU", "manual")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, BaresipCaller.freePort())) {
                HeadsetController headset = attached(running);
                SipCall call = running.handset().dial(callee.uri());
                callee.await("CALL_INCOMING", Duration.ofSeconds(10)); // it rings there
                Await.until(
                        "the headset goes off hook",
                        Duration.ofSeconds(5),
                        () -> headset.ledState().offHook());
                device.hookOff().forEach(node::send);
                Thread.sleep(500);
                assertThat(call.state()).isEqualTo(SipCall.State.CALLING);
                device.hookOn().forEach(node::send); // CANCEL
                callee.await("CALL_CLOSED", Duration.ofSeconds(10));
                Await.until("the call ends", Duration.ofSeconds(5), () -> call.state() == SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.AGENT);
                assertThat(headset.ledState().offHook()).isFalse();
                assertThat(running.desk().callState()).isEqualTo(CallTracker.State.IDLE);
                assertThat(running.phone().current()).isEmpty();
            }
        }
        assertThat(outbox())
                .as("a call nobody answered is no call of the agent's")
                .isEmpty();
    }

    @Test
    void theHeadsetsHoldButtonHoldsTheCallWithAReinviteAndResumesIt() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(60), 8000);
        FakeHeadsetDevice device = deskHeadset();
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort)) {
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                HeadsetController headset = ringing(running);
                SipCall call = running.phone().current().orElseThrow();
                device.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                Await.until(
                        "caller audio arrives",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > 20);

                device.pressHold().forEach(node::send); // re-INVITE: sendonly; baresip answers recvonly
                Await.until(
                        "the Hold LED is lit",
                        Duration.ofSeconds(5),
                        () -> headset.ledState().hold());
                Await.until(
                        "the caller's side accepts the hold",
                        Duration.ofSeconds(5),
                        () -> call.direction() == Sdp.Direction.SENDONLY);
                assertThat(call.heldByAgent()).isTrue();
                Thread.sleep(300); // packets in flight
                long held = call.media().received();
                Thread.sleep(1500);
                assertThat(call.media().received())
                        .as("the caller's side sends nothing while it is held")
                        .isLessThanOrEqualTo(held + 2);

                device.pressHold().forEach(node::send); // re-INVITE: sendrecv
                Await.until(
                        "the Hold LED is off",
                        Duration.ofSeconds(5),
                        () -> !headset.ledState().hold());
                Await.until(
                        "the caller's side resumes",
                        Duration.ofSeconds(5),
                        () -> call.direction() == Sdp.Direction.SENDRECV);
                long resumed = call.media().received();
                Await.until(
                        "caller audio flows again",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > resumed + 20);
                assertThat(call.state()).isEqualTo(SipCall.State.TALKING);
                caller.hangUp();
                Await.until("the call ends", Duration.ofSeconds(10), () -> call.state() == SipCall.State.ENDED);
            }
        }
        CallRecord record = (CallRecord) outbox().get(0);
        assertThat(record.holdMs()).isGreaterThan(1500);
    }

    @Test
    void callerWhoHoldsOverTcpThenHangsUpFirstEndsTheCallAndIsNotSurveyed() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, talkingCaller(8), 8000); // baresip hangs up when the recording ends
        FakeHeadsetDevice device = deskHeadset();
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMA")) {
            FakeHidraw.Node node = plugDeskHeadset(fake);
            try (RunCommand.Running running = start(fake, sipPort)) {
                attached(running);
                caller.dial("sip:agent07@127.0.0.1:" + sipPort + ";transport=tcp"); // signalling over TCP
                HeadsetController headset = ringing(running);
                SipCall call = running.phone().current().orElseThrow();
                device.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                caller.hold(true); // re-INVITE: sendonly
                Await.until("the caller holds the call", Duration.ofSeconds(5), call::heldByCaller);
                assertThat(call.direction()).as("answered recvonly").isEqualTo(Sdp.Direction.RECVONLY);
                caller.hold(false);
                Await.until("the caller resumes the call", Duration.ofSeconds(5), () -> !call.heldByCaller());
                assertThat(call.direction()).as("answered sendrecv").isEqualTo(Sdp.Direction.SENDRECV);
                assertThat(call.state()).isEqualTo(SipCall.State.TALKING);
                caller.await("CALL_CLOSED", Duration.ofSeconds(20));
                Await.until(
                        "the call ends at the agent",
                        Duration.ofSeconds(5),
                        () -> running.desk().callState() == CallTracker.State.IDLE);
                assertThat(call.state()).isEqualTo(SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
                assertThat(headset.ledState().offHook()).isFalse();
                Thread.sleep(1000); // a survey, if one were (wrongly) started, would have begun by now
                assertThat(running.desk().surveys()).isZero();
            }
        }
        List<AgentEvent> pending = outbox();
        assertThat(pending).hasSize(1);
        CallRecord record = (CallRecord) pending.get(0);
        assertThat(record.endedBy()).isEqualTo(EndedBy.CALLER);
        assertThat(record.surveyOffered()).isFalse();
    }
}
