package io.cxpulse.agent.line.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyEventsTest {
    private final List<String> heard = new ArrayList<>();
    private final KeyEvents keys = new KeyEvents(new KeyEvents.Listener() {
        @Override
        public void keyDown(char key) {
            heard.add("down " + key);
        }

        @Override
        public void keyUp(char key, int durationSamples) {
            heard.add("up " + key + " " + durationSamples);
        }
    });

    @Test
    void onePressPerEventWhateverItsRetransmissions() {
        keys.packet(1000, TelephoneEvent.ofKey('5', false, 10, 0));
        keys.packet(1000, TelephoneEvent.ofKey('5', false, 10, 0)); // start repeated
        keys.packet(1000, TelephoneEvent.ofKey('5', false, 10, 400));
        keys.packet(1000, TelephoneEvent.ofKey('5', true, 10, 800));
        keys.packet(1000, TelephoneEvent.ofKey('5', true, 10, 800)); // end sent three times
        keys.packet(1000, TelephoneEvent.ofKey('5', true, 10, 800));
        keys.packet(5000, TelephoneEvent.ofKey('5', true, 10, 640)); // the same key again: its start was lost
        assertThat(heard).containsExactly("down 5", "up 5 800", "down 5", "up 5 640");
    }

    @Test
    void anEventWithoutItsEndEndsWhenTheNextStarts() {
        keys.packet(1000, TelephoneEvent.ofKey('1', false, 10, 160));
        keys.packet(3000, TelephoneEvent.ofKey('0', false, 10, 160));
        keys.packet(3000, TelephoneEvent.ofKey('0', true, 10, 480));
        keys.packet(4000, new TelephoneEvent(66, true, 0, 100)); // a line event: not a key
        assertThat(heard).containsExactly("down 1", "up 1 0", "down 0", "up 0 480");
    }
}
