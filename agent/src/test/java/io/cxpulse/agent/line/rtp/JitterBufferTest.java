package io.cxpulse.agent.line.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {
    private static short[] frame(int value) {
        short[] f = new short[160];
        Arrays.fill(f, (short) value);
        return f;
    }

    @Test
    void waitsForItsDepthThenPlaysInTimestampOrder() {
        JitterBuffer jb = new JitterBuffer(160, 3, 50);
        jb.put(1000 + 320, frame(3));
        assertThat(jb.poll()).isNull();
        jb.put(1000, frame(1));
        jb.put(1000 + 160, frame(2));
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            played.add((int) jb.poll()[0]);
        }
        assertThat(played).containsExactly(1, 2, 3);
    }

    @Test
    void aLostFramePlaysAsSilenceAndALateOneIsDropped() {
        JitterBuffer jb = new JitterBuffer(160, 2, 50);
        jb.put(0, frame(1));
        jb.put(320, frame(3));
        assertThat(jb.poll()[0]).isEqualTo((short) 1);
        assertThat(jb.poll()[0]).isZero(); // frame 2 never came
        jb.put(160, frame(2)); // now too late
        assertThat(jb.late()).isEqualTo(1);
        assertThat(jb.poll()[0]).isEqualTo((short) 3);
        assertThat(jb.missing()).isEqualTo(1);
    }

    @Test
    void packetsOfAnotherSizeAreCutIntoFrames() {
        JitterBuffer jb = new JitterBuffer(160, 1, 50);
        short[] thirtyMs = new short[240];
        for (int i = 0; i < thirtyMs.length; i++) {
            thirtyMs[i] = (short) i;
        }
        jb.put(0, thirtyMs);
        jb.put(240, thirtyMs);
        short[] a = jb.poll();
        short[] b = jb.poll();
        assertThat(a[159]).isEqualTo((short) 159);
        assertThat(b[0]).isEqualTo((short) 160);
        assertThat(b[80]).isEqualTo((short) 0); // the second packet starts at sample 240
    }

    @Test
    void followsTimestampsAcrossTheirWrap() {
        JitterBuffer jb = new JitterBuffer(160, 2, 50);
        long ts = 0xFFFF_FFFFL - 159;
        for (int i = 0; i < 4; i++) {
            jb.put((ts + 160L * i) & 0xFFFF_FFFFL, frame(i + 1));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(jb.poll()[0]).isEqualTo((short) (i + 1));
        }
    }

    @Test
    void aJumpInTimestampsRestartsPlayout() {
        JitterBuffer jb = new JitterBuffer(160, 2, 10);
        jb.put(0, frame(1));
        jb.put(160, frame(2));
        assertThat(jb.poll()[0]).isEqualTo((short) 1);
        jb.put(8000 * 60, frame(7)); // the far end restarted its clock a minute ahead
        jb.put(8000 * 60 + 160, frame(8));
        assertThat(jb.poll()[0]).isEqualTo((short) 7);
        assertThat(jb.poll()[0]).isEqualTo((short) 8);
    }
}
