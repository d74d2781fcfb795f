package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.testsupport.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeHeadsetTest {
    private final FakeClock clock = new FakeClock();
    private final RecordingListener listener = new RecordingListener();

    @Test
    void aWholeCallGoesThroughTheRealParserAndStateMachine() {
        try (FakeHeadset h = FakeHeadset.create(listener, clock)) {
            assertThat(h.ledState()).isEqualTo(LedState.OFF);
            h.ring(true);
            assertThat(h.ledState()).isEqualTo(new LedState(false, false, true, false, true));

            h.hookOff();
            assertThat(h.callState()).isEqualTo(CallState.ACTIVE);
            assertThat(h.ledState()).isEqualTo(new LedState(true, false, false, false, false));

            clock.advanceMillis(2000);
            h.pressMute();
            assertThat(h.muted()).isTrue();
            assertThat(h.ledState().mute()).isTrue();
            h.pressMute();
            assertThat(h.ledState().mute()).isFalse();

            h.hold(true);
            h.hold(true);
            assertThat(h.ledState()).isEqualTo(new LedState(true, false, false, true, false));
            h.hold(false);

            h.hookOn();
            assertThat(h.callState()).isEqualTo(CallState.IDLE);
            assertThat(h.ledState()).isEqualTo(LedState.OFF);
        }
        assertThat(listener.events())
                .containsExactly(
                        "connected", "answered", "muted", "unmuted", "held", "resumed", "ended", "disconnected");
    }

    @Test
    void aCallSurvivesUnplugAndReplug() {
        FakeHeadset h = FakeHeadset.create(listener, clock);
        h.hookOff();
        clock.advanceMillis(3000);
        h.unplug();
        h.pressMute();
        assertThat(h.muted()).isFalse();
        clock.advanceMillis(1000);
        h.plugIn();
        assertThat(h.ledState().offHook()).isTrue();
        clock.advanceMillis(1000);
        h.hookOn();
        assertThat(listener.events()).containsExactly("connected", "answered", "disconnected", "connected", "ended");
        h.close();
        assertThatThrownBy(h::hookOff).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fiftyHeadsetsShareAJvmWithoutThreads() {
        int threadsBefore = Thread.activeCount();
        List<FakeHeadset> fleet = new ArrayList<>();
        List<RecordingListener> listeners = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RecordingListener l = new RecordingListener();
            listeners.add(l);
            fleet.add(FakeHeadset.create(l, clock));
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
        fleet.forEach(FakeHeadset::hookOff);
        clock.advanceMillis(1000);
        fleet.forEach(FakeHeadset::hookOn);
        assertThat(listeners).allSatisfy(l -> assertThat(l.count("ended")).isEqualTo(1));
        assertThat(fleet.stream().map(FakeHeadset::serial).distinct()).hasSize(50);
        fleet.forEach(FakeHeadset::close);
    }

    @Test
    void itsDescriptorIsATypicalTelephonyHeadset() {
        TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor()));
        assertThat(model.toJson())
                .isEqualTo("{\"callControl\": true, \"inputs\": ["
                        + "{\"usage\": \"hook-switch\", \"reportId\": 1, \"bitOffset\": 0, \"bitSize\": 1, \"form\": \"absolute\"}, "
                        + "{\"usage\": \"phone-mute\", \"reportId\": 1, \"bitOffset\": 1, \"bitSize\": 1, \"form\": \"toggle\"}, "
                        + "{\"usage\": \"hold\", \"reportId\": 1, \"bitOffset\": 2, \"bitSize\": 1, \"form\": \"toggle\"}], "
                        + "\"outputs\": ["
                        + "{\"usage\": \"led-off-hook\", \"reportId\": 2, \"bitOffset\": 0, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-mute\", \"reportId\": 2, \"bitOffset\": 1, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-ring\", \"reportId\": 2, \"bitOffset\": 2, \"bitSize\": 1}, "
                        + "{\"usage\": \"led-hold\", \"reportId\": 2, \"bitOffset\": 3, \"bitSize\": 1}, "
                        + "{\"usage\": \"ringer\", \"reportId\": 2, \"bitOffset\": 4, \"bitSize\": 1}]}");
    }
}
