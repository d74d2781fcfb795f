package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportType;
import io.cxpulse.testsupport.FakeClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random device and host actions on every real layout (fixed seeds, so failures replay): the host's call state,
 * the LEDs the device shows and the listener's event sequence must always agree, and call-ended must come exactly
 * once per call the device answered or the host answered.
 */
class HeadsetStateMachinePropertyTest {

    static List<HeadsetDescriptors.Row> headsets() {
        return HeadsetDescriptors.rows().stream().filter(r -> r.hook() != null).toList();
    }

    /** Checks the event grammar as events arrive. */
    private static final class CheckingListener implements HeadsetListener {
        final List<String> events = new ArrayList<>();
        boolean inCall;
        int answered;
        int ended;

        @Override
        public void callAnswered(Instant at) {
            assertThat(inCall).as("answered during a call: %s", events).isFalse();
            inCall = true;
            answered++;
            events.add("answered");
        }

        @Override
        public void muteChanged(boolean muted, Instant at) {
            assertThat(inCall).as("mute outside a call: %s", events).isTrue();
            events.add(muted ? "muted" : "unmuted");
        }

        @Override
        public void holdChanged(boolean held, Instant at) {
            assertThat(inCall).as("hold outside a call: %s", events).isTrue();
            events.add(held ? "held" : "resumed");
        }

        @Override
        public void callEnded(Instant at) {
            assertThat(inCall).as("ended without a call: %s", events).isTrue();
            inCall = false;
            ended++;
            events.add("ended");
        }

        void hostEnded() {
            inCall = false;
            events.add("host-ended");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headsets")
    void stateLedsAndEventsAlwaysAgree(HeadsetDescriptors.Row row) {
        TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(row.bytes()));
        for (long seed = 1; seed <= 40; seed++) {
            run(model, new Random(seed * 7919 + row.name().hashCode()));
        }
    }

    private static void run(TelephonyModel model, Random random) {
        FakeClock clock = new FakeClock();
        CheckingListener listener = new CheckingListener();
        FakeHeadsetDevice device = new FakeHeadsetDevice(model);
        HeadsetStateMachine m = new HeadsetStateMachine(
                model, listener, clock, HeadsetStateMachine.DEFAULT_ECHO_WINDOW, device::applyOutput);
        m.deviceConnected();
        boolean hasOffHook = !m.model().outputs(TelephonyUsage.LED_OFF_HOOK).isEmpty();
        boolean hasMuteLed = !m.model().outputs(TelephonyUsage.LED_MUTE).isEmpty();
        boolean hasRing = !m.model().outputs(TelephonyUsage.LED_RING).isEmpty();
        int hookId = m.model().input(TelephonyUsage.HOOK_SWITCH).orElseThrow().reportId();
        byte[] last = device.report(hookId);
        int calls = 0;
        for (int step = 0; step < 300; step++) {
            List<byte[]> reports = new ArrayList<>();
            switch (random.nextInt(12)) {
                case 0, 1 -> reports.addAll(device.hookOff());
                case 2, 3 -> reports.addAll(device.hookOn());
                case 4, 5 -> {
                    if (device.has(TelephonyUsage.PHONE_MUTE)) {
                        reports.addAll(device.pressMute());
                    }
                }
                case 6 -> reports.add(last);
                case 7 -> {
                    byte[] garbage = new byte[1 + model.descriptor().reportBytes(ReportType.INPUT, hookId)];
                    random.nextBytes(garbage);
                    garbage[0] = (byte) hookId;
                    reports.add(garbage);
                }
                case 8 -> m.ring(random.nextBoolean());
                case 9 -> {
                    if (random.nextInt(4) == 0) {
                        if (m.state() == CallState.ACTIVE) {
                            listener.hostEnded();
                        }
                        m.endFromHost();
                    } else {
                        m.setHeld(random.nextBoolean());
                    }
                }
                case 10 -> {
                    if (random.nextBoolean()) {
                        m.deviceDisconnected();
                    } else {
                        m.deviceConnected();
                    }
                }
                default -> clock.advanceMillis(random.nextInt(1200));
            }
            for (byte[] r : reports) {
                m.onInputReport(r);
                last = r;
            }
            assertThat(listener.inCall)
                    .as("listener vs state after %s", listener.events)
                    .isEqualTo(m.state() == CallState.ACTIVE);
            if (m.connected()) {
                boolean active = m.state() == CallState.ACTIVE;
                if (hasOffHook) {
                    assertThat(device.led(TelephonyUsage.LED_OFF_HOOK))
                            .as("off-hook LED")
                            .isEqualTo(active);
                }
                if (hasMuteLed) {
                    assertThat(device.led(TelephonyUsage.LED_MUTE))
                            .as("mute LED")
                            .isEqualTo(active && m.muted());
                }
                if (hasRing) {
                    assertThat(device.led(TelephonyUsage.LED_RING))
                            .as("ring LED")
                            .isEqualTo(m.state() == CallState.RINGING);
                }
            }
            calls = listener.answered;
        }
        assertThat(listener.ended).isLessThanOrEqualTo(calls);
    }
}
