package io.cxpulse.agent.survey;

import static io.cxpulse.testsupport.TestAudio.busy450;
import static io.cxpulse.testsupport.TestAudio.busyNorthAmerica;
import static io.cxpulse.testsupport.TestAudio.cadencedTone;
import static io.cxpulse.testsupport.TestAudio.concat;
import static io.cxpulse.testsupport.TestAudio.noise;
import static io.cxpulse.testsupport.TestAudio.reorderNorthAmerica;
import static io.cxpulse.testsupport.TestAudio.silence;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HangupToneDetectorTest {

    private static long feed(short[] audio) {
        HangupToneDetector d = new HangupToneDetector(8000);
        long at = -1;
        for (int off = 0; off < audio.length; off += 160) {
            at = d.process(audio, off, Math.min(160, audio.length - off));
        }
        return at;
    }

    @Test
    void busyTone450WithChineseCadenceIsRecognisedWithinAboutASecond() {
        long at = feed(concat(silence(1), busy450(3)));
        assertThat(at).isBetween(8000L + 8000, 8000L + 12000);
    }

    @Test
    void northAmericanBusyAndReorderAreRecognised() {
        assertThat(feed(concat(silence(0.5), busyNorthAmerica(3)))).isBetween(4000L, 4000L + 16000);
        assertThat(feed(concat(silence(0.5), reorderNorthAmerica(2)))).isBetween(4000L, 4000L + 8000);
    }

    @Test
    void continuousToneCountsAfterTwoSeconds() {
        long at = feed(cadencedTone(3, 1000, 0, 6000, 450));
        assertThat(at).isBetween(15000L, 17000L);
    }

    @Test
    void oneBurstOrTheWrongFrequencyOrNoiseIsNotAHangUp() {
        assertThat(feed(concat(cadencedTone(0.35, 350, 0, 6000, 450), silence(3))))
                .isEqualTo(-1);
        assertThat(feed(cadencedTone(3, 350, 350, 6000, 1000))).isEqualTo(-1);
        assertThat(feed(cadencedTone(3, 350, 350, 3000, 697, 1209))).isEqualTo(-1);
        assertThat(feed(noise(5, 3000, 1))).isEqualTo(-1);
        assertThat(feed(silence(5))).isEqualTo(-1);
        // 480 Hz alone is neither the single-frequency tone nor the dual tone
        assertThat(feed(cadencedTone(3, 500, 500, 6000, 480))).isEqualTo(-1);
    }

    @Test
    void burstsTooLongOrTooShortAreNotBusyCadence() {
        assertThat(feed(cadencedTone(6, 1500, 1500, 6000, 450))).isEqualTo(-1);
        assertThat(feed(cadencedTone(4, 50, 50, 6000, 450))).isEqualTo(-1);
    }

    @Test
    void resetStartsAfresh() {
        HangupToneDetector d = new HangupToneDetector(8000);
        short[] busy = busy450(3);
        assertThat(d.process(busy, 0, busy.length)).isPositive();
        d.reset();
        short[] quiet = silence(1);
        assertThat(d.process(quiet, 0, quiet.length)).isEqualTo(-1);
        assertThat(d.detected()).isFalse();
    }
}
