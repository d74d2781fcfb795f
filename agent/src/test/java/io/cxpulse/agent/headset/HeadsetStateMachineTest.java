package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.testsupport.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadsetStateMachineTest {

    /** A state machine wired to a simulated device, a fake clock and a recording listener. */
    static final class Harness {
        final FakeClock clock = new FakeClock();
        final RecordingListener listener = new RecordingListener();
        final List<String> writes = new ArrayList<>();
        final FakeHeadsetDevice device;
        final HeadsetStateMachine machine;

        Harness(byte[] descriptor) {
            TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(descriptor));
            device = new FakeHeadsetDevice(model);
            machine =
                    new HeadsetStateMachine(model, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, report -> {
                        writes.add(HexFormat.ofDelimiter(" ").formatHex(report));
                        device.applyOutput(report);
                    });
            machine.deviceConnected();
            listener.clear();
            writes.clear();
            clock.advanceMillis(1000);
        }

        void send(List<byte[]> reports) {
            reports.forEach(machine::onInputReport);
        }

        /** The writes since the last call, cleared. */
        List<String> takeWrites() {
            List<String> w = new ArrayList<>(writes);
            writes.clear();
            return w;
        }
    }

    static byte[] hex(String text) {
        return DescriptorFiles.decode(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void jabraPackedLedsAreEchoedAsOneReport() {
        Harness h = new Harness(HeadsetDescriptors.bytes("jabra-evolve-link-ms"));

        h.send(h.device.hookOff());
        assertThat(h.listener.events()).containsExactly("answered");
        assertThat(h.takeWrites()).containsExactly("02 01 00");

        h.clock.advanceMillis(600);
        h.send(h.device.pressMute());
        assertThat(h.listener.events()).containsExactly("answered", "muted");
        assertThat(h.takeWrites()).containsExactly("02 03 00");

        h.send(h.device.pressMute());
        assertThat(h.listener.events()).containsExactly("answered", "muted", "unmuted");
        assertThat(h.takeWrites()).containsExactly("02 01 00");

        h.machine.setHeld(true);
        assertThat(h.takeWrites()).containsExactly("02 09 00");
        assertThat(h.device.ledState()).isEqualTo(new LedState(true, false, false, true, false));

        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered", "muted", "unmuted", "held", "ended");
        assertThat(h.takeWrites()).containsExactly("02 00 00");
    }

    @Test
    void polyWritesOneReportPerLed() {
        Harness h = new Harness(HeadsetDescriptors.bytes("poly-bt700"));

        h.send(h.device.hookOff());
        // Output reports 33 ring, 34 speaker, 35 mute, 36 off-hook, 37 hold: only the driven ones are written.
        assertThat(h.takeWrites()).containsExactly("21 00", "23 00", "24 01", "25 00");

        h.clock.advanceMillis(600);
        h.send(h.device.pressMute());
        assertThat(h.takeWrites()).containsExactly("21 00", "23 01", "24 01", "25 00");
        assertThat(h.device.ledState()).isEqualTo(new LedState(true, true, false, false, false));
    }

    @Test
    void ringLightsRingAndRingerAndHookOffAnswers() {
        Harness h = new Harness(HeadsetDescriptors.bytes("epos-impact-dw"));

        h.machine.ring(true);
        assertThat(h.device.ledState()).isEqualTo(new LedState(false, false, true, false, true));
        h.send(h.device.hookOff());
        assertThat(h.listener.events()).containsExactly("answered");
        assertThat(h.machine.state()).isEqualTo(CallState.ACTIVE);
        assertThat(h.device.ledState()).isEqualTo(new LedState(true, false, false, false, false));
    }

    @Test
    void hookReportsInsideTheEchoWindowAreIgnored() {
        Harness h = new Harness(HeadsetDescriptors.bytes("jabra-biz-2400-ii"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(100);
        h.send(h.device.hookOn());
        h.send(h.device.hookOff());
        assertThat(h.listener.events()).containsExactly("answered");
        assertThat(h.machine.state()).isEqualTo(CallState.ACTIVE);

        h.clock.advanceMillis(500);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered", "ended");
    }

    @Test
    void anOnHookIgnoredInTheWindowCountsWhenTheDeviceRepeatsItAfterwards() {
        Harness h = new Harness(HeadsetDescriptors.bytes("yealink-wh66"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(200);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered");

        h.clock.advanceMillis(400);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered", "ended");
    }

    @Test
    void echoWindowIsConfigurable() {
        FakeClock clock = new FakeClock();
        RecordingListener listener = new RecordingListener();
        TelephonyModel model =
                TelephonyModel.of(ReportDescriptorParser.parse(HeadsetDescriptors.bytes("jabra-speak-810")));
        FakeHeadsetDevice device = new FakeHeadsetDevice(model);
        HeadsetStateMachine m =
                new HeadsetStateMachine(model, listener, clock, Duration.ofMillis(50), device::applyOutput);
        m.deviceConnected();
        clock.advanceMillis(60);
        device.hookOff().forEach(m::onInputReport);
        clock.advanceMillis(60);
        device.hookOn().forEach(m::onInputReport);
        assertThat(listener.events()).containsExactly("connected", "answered", "ended");
    }

    @Test
    void duplicateReportsAreDroppedWithoutAnEcho() {
        Harness h = new Harness(HeadsetDescriptors.bytes("sennheiser-sc660-anc-usb"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(600);
        List<byte[]> press = h.device.pressMute();
        h.send(List.of(press.get(0), press.get(0)));
        assertThat(h.listener.events()).containsExactly("answered", "muted");
        h.takeWrites();
        h.send(List.of(press.get(0)));
        assertThat(h.takeWrites()).isEmpty();
        assertThat(h.listener.events()).containsExactly("answered", "muted");
    }

    @Test
    void callEndedIsRaisedExactlyOncePerCall() {
        Harness h = new Harness(HeadsetDescriptors.bytes("epos-impact-d1"));
        for (int call = 0; call < 3; call++) {
            h.send(h.device.hookOff());
            h.clock.advanceMillis(5000);
            h.send(h.device.hookOn());
            h.send(h.device.hookOn());
            h.machine.onInputReport(h.device.report(2));
            h.clock.advanceMillis(5000);
            h.send(h.device.hookOn());
        }
        assertThat(h.listener.count("answered")).isEqualTo(3);
        assertThat(h.listener.count("ended")).isEqualTo(3);
    }

    @Test
    void holdKeepsOffHookAndAHungUpHeldCallEndsOnce() {
        Harness h = new Harness(HeadsetDescriptors.bytes("poly-voyager-base-cd"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(1000);
        h.machine.setHeld(true);
        assertThat(h.device.ledState()).isEqualTo(new LedState(true, false, false, true, false));
        h.machine.setHeld(false);
        assertThat(h.device.ledState().offHook()).isTrue();
        h.machine.setHeld(true);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered", "held", "resumed", "held", "ended");
        assertThat(h.device.ledState()).isEqualTo(LedState.OFF);
    }

    @Test
    void muteWhileIdleIsRefusedButEchoedSoTheDeviceForgetsIt() {
        Harness h = new Harness(HeadsetDescriptors.bytes("epos-impact-d"));
        h.send(h.device.pressMute());
        assertThat(h.listener.events()).isEmpty();
        assertThat(h.takeWrites()).containsExactly("03 00");
    }

    @Test
    void reconnectDuringACallRewritesEveryLedAndSurvives() {
        Harness h = new Harness(HeadsetDescriptors.bytes("poly-blackwire-c5220"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(1000);
        h.send(h.device.pressMute());
        h.machine.deviceDisconnected();
        h.takeWrites();
        h.clock.advanceMillis(800);

        FakeHeadsetDevice fresh = new FakeHeadsetDevice(h.machine.model());
        h.machine.deviceConnected();
        assertThat(h.takeWrites()).containsExactly("09 01", "17 01", "18 00", "20 00");
        // A freshly plugged device reports on-hook before it follows the host's Off-Hook: an echo.
        fresh.hookOn().forEach(h.machine::onInputReport);
        h.clock.advanceMillis(100);
        fresh.hookOff().forEach(h.machine::onInputReport);
        assertThat(h.machine.state()).isEqualTo(CallState.ACTIVE);
        assertThat(h.listener.events()).containsExactly("answered", "muted", "disconnected", "connected");
        h.clock.advanceMillis(1000);
        fresh.hookOn().forEach(h.machine::onInputReport);
        assertThat(h.listener.events()).endsWith("ended");
    }

    @Test
    void consumerCollectionHeadsetWithoutLedsStillAnswersAndEnds() {
        Harness h = new Harness(HeadsetDescriptors.bytes("generic-usbzh596-consumer-telephony"));
        h.send(h.device.hookOff());
        h.send(h.device.pressMute());
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered", "muted", "ended");
        assertThat(h.takeWrites()).isEmpty();
    }

    @Test
    void absoluteMuteFollowsTheDeviceStateAndTwoButtonHookPressesAnswerAndEnd() {
        // No report IDs: hook two-button (-1..1, relative) in 2 bits, mute absolute in 1 bit; LEDs in one byte.
        Harness h = new Harness(hex("05 0b 09 05 a1 01 15 ff 25 01 75 02 95 01 09 20 81 06"
                + " 15 00 25 01 75 01 09 2f 81 02 95 05 81 01"
                + " 05 08 09 17 09 09 95 02 91 02 95 06 91 01 c0"));
        h.send(h.device.hookOff());
        assertThat(h.takeWrites()).containsExactly("00 01");
        h.send(h.device.pressMute());
        h.send(h.device.pressMute());
        h.send(h.device.pressMute());
        assertThat(h.listener.events()).containsExactly("answered", "muted", "unmuted", "muted");
        assertThat(h.device.ledState().mute()).isTrue();
        h.clock.advanceMillis(1000);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).endsWith("ended");
        assertThat(h.takeWrites()).endsWith("00 00");
    }

    @Test
    void hostEndedCallRaisesNoCallEndedAndTheDeviceEchoIsHarmless() {
        Harness h = new Harness(HeadsetDescriptors.bytes("jabra-evolve-link-ms"));
        h.send(h.device.hookOff());
        h.clock.advanceMillis(5000);
        h.machine.endFromHost();
        h.send(h.device.hookOn());
        h.clock.advanceMillis(5000);
        h.send(h.device.hookOn());
        assertThat(h.listener.events()).containsExactly("answered");
        assertThat(h.device.ledState()).isEqualTo(LedState.OFF);
    }

    @Test
    void aFailingListenerDoesNotStopTheLedEcho() {
        FakeClock clock = new FakeClock();
        TelephonyModel model =
                TelephonyModel.of(ReportDescriptorParser.parse(HeadsetDescriptors.bytes("jabra-evolve-link-ms")));
        FakeHeadsetDevice device = new FakeHeadsetDevice(model);
        HeadsetListener failing = new HeadsetListener() {
            @Override
            public void callAnswered(Instant at) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void muteChanged(boolean muted, Instant at) {}

            @Override
            public void holdChanged(boolean held, Instant at) {}

            @Override
            public void callEnded(Instant at) {}
        };
        HeadsetStateMachine m = new HeadsetStateMachine(
                model, failing, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, device::applyOutput);
        m.deviceConnected();
        device.hookOff().forEach(m::onInputReport);
        assertThat(m.state()).isEqualTo(CallState.ACTIVE);
        assertThat(device.ledState().offHook()).isTrue();
    }
}
