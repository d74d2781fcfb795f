package io.cxpulse.agent.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DtmfGeneratorTest {

    /** Amplitude of the component at {@code freq} by correlation over the whole buffer. */
    private static double amplitudeAt(short[] pcm, double freq, int rate) {
        double re = 0, im = 0;
        for (int n = 0; n < pcm.length; n++) {
            re += pcm[n] * Math.cos(2 * Math.PI * freq * n / rate);
            im += pcm[n] * Math.sin(2 * Math.PI * freq * n / rate);
        }
        return 2 * Math.hypot(re, im) / pcm.length;
    }

    @Test
    void fullScaleSineIsPlusThreePointOneFourDbm0() {
        assertThat(DtmfGenerator.amplitude(3.14)).isCloseTo(32767, within(0.01));
        assertThat(DtmfGenerator.amplitude(-20 + 3.14)).isCloseTo(3276.7, within(0.01));
    }

    @Test
    void lengthsFollowToneAndGap() {
        DtmfGenerator g = new DtmfGenerator(8000).withToneMs(50).withGapMs(30);
        short[] pcm = g.digits("12#");
        assertThat(pcm).hasSize(3 * (400 + 240));
        for (int i = 400; i < 640; i++) {
            assertThat(pcm[i]).isZero();
        }
        assertThat(new DtmfGenerator(16000).withToneMs(50).tone('1')).hasSize(800);
    }

    @Test
    void tonesHaveTheirFrequenciesLevelsAndTwist() {
        DtmfGenerator g =
                new DtmfGenerator(8000).withToneMs(1000).withLevelDbm0(-10).withTwistDb(4);
        short[] pcm = g.tone('5'); // 770 + 1336 Hz
        assertThat(amplitudeAt(pcm, 770, 8000)).isCloseTo(DtmfGenerator.amplitude(-10), within(2.0));
        assertThat(amplitudeAt(pcm, 1336, 8000)).isCloseTo(DtmfGenerator.amplitude(-14), within(2.0));
        assertThat(amplitudeAt(pcm, 697, 8000)).isLessThan(20);
    }

    @Test
    void frequencyOffsetShiftsEachGroup() {
        DtmfGenerator g = new DtmfGenerator(8000).withToneMs(1000).withFrequencyOffsetPercent(2, -3);
        short[] pcm = g.tone('1');
        double amp = DtmfGenerator.amplitude(-10);
        assertThat(amplitudeAt(pcm, 697 * 1.02, 8000)).isCloseTo(amp, within(8.0));
        assertThat(amplitudeAt(pcm, 1209 * 0.97, 8000)).isCloseTo(amp, within(8.0));
    }

    @Test
    void loudTonesAreClipped() {
        short[] pcm = new DtmfGenerator(8000).withLevelDbm0(10).tone('D');
        int max = 0;
        for (short s : pcm) {
            max = Math.max(max, Math.abs(s));
        }
        assertThat(max).isEqualTo(32768);
    }

    @Test
    void lowerCaseLettersAreKeys() {
        assertThat(DtmfGenerator.frequencies('a')).containsExactly(697, 1633);
        assertThat(DtmfGenerator.frequencies('#')).containsExactly(941, 1477);
    }

    @Test
    void badInputNamesThePosition() {
        assertThatThrownBy(() -> new DtmfGenerator(8000).digits("12x4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 3")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> new DtmfGenerator(100)).hasMessageContaining("100");
        assertThatThrownBy(() -> new DtmfGenerator(8000).withToneMs(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new DtmfGenerator(8000).withLevelDbm0(Double.NaN))
                .hasMessageContaining("NaN");
    }
}
