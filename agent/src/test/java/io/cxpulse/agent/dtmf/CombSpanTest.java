package io.cxpulse.agent.dtmf;

import static io.cxpulse.agent.dtmf.Signals.RATE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The comb span on synthetic voices: a harmonic series (a voiced vowel held steady) louder than the key under it. The
 * span is judged directly, on a ring of eight half-blocks of 51 samples as the receiver keeps them.
 */
class CombSpanTest {

    private static final int HALF = 51;
    private static final int RING = 8;

    private static CombSpan comb() {
        return comb(true, true);
    }

    private static CombSpan comb(boolean doublePeriod, boolean harmonics) {
        return comb(RATE, doublePeriod, harmonics);
    }

    private static CombSpan comb(int rate, boolean doublePeriod, boolean harmonics) {
        double minAmp = DtmfGenerator.amplitude(DtmfReceiver.MIN_TONE_DBM0);
        float[] gramPair = new float[16 * 16];
        DtmfReceiver.invertGrams(rate, 2 * half(rate), gramPair, 0);
        return new CombSpan(
                rate,
                half(rate),
                gramPair,
                (float) (minAmp * minAmp),
                (float) Math.pow(10, DtmfReceiver.MAX_NORMAL_TWIST_DB / 10),
                (float) Math.pow(10, DtmfReceiver.MAX_REVERSE_TWIST_DB / 10),
                doublePeriod,
                harmonics);
    }

    /** The receiver's half-block at a rate: 51 samples at 8 kHz. */
    private static int half(int rate) {
        return (int) Math.round(51.0 * rate / 8000);
    }

    private static double[] voice(double f0, int count, double dbm0, int samples) {
        return Signals.voice(f0, count, dbm0, samples, RATE);
    }

    private static double[] voice(double f0, int count, double dbm0, int samples, int rate) {
        return Signals.voice(f0, count, dbm0, samples, rate);
    }

    private static void addTone(double[] x, double freq, double dbm0, double phase) {
        addTone(x, freq, dbm0, phase, RATE);
    }

    private static void addTone(double[] x, double freq, double dbm0, double phase, int rate) {
        double a = DtmfGenerator.amplitude(dbm0);
        for (int n = 0; n < x.length; n++) {
            x[n] += a * Math.sin(2 * Math.PI * freq * n / rate + phase);
        }
    }

    private static float[][] ring(double[] x, int oldest) {
        return ring(x, oldest, HALF);
    }

    /** The audio as the receiver's ring holds it (rounded to 16-bit values), oldest half-block in slot {@code oldest}. */
    private static float[][] ring(double[] x, int oldest, int half) {
        float[][] ring = new float[RING][half];
        for (int j = 0; j < RING; j++) {
            for (int n = 0; n < half; n++) {
                ring[(oldest + j) % RING][n] = DtmfGenerator.clip(x[j * half + n]);
            }
        }
        return ring;
    }

    @Test
    void findsAKeyUnderALouderVoice() {
        // A 110 Hz voice at -16 dBm0 and key 8 (852 and 1336 Hz) at -26 and -25 dBm0, 10 dB below it: the voice's
        // harmonics at 770 and 880 Hz stand on either side of the low tone, those at 1320 and 1430 Hz on either side of
        // the high one. These 51 ms alone do not make a press for the receiver (a comb span counts as two pairs).
        double[] x = voice(110, 36, -16, RING * HALF);
        addTone(x, 852, -26, 0.4);
        addTone(x, 1336, -25, 2.2);
        short[] pcm = new short[x.length];
        for (int n = 0; n < x.length; n++) {
            pcm[n] = DtmfGenerator.clip(x[n]);
        }
        assertThat(DtmfReceiver.decodeDigits(pcm, RATE)).isEmpty();
        assertThat(comb().judge(ring(x, 3), 3, RING - 1)).isEqualTo('8');
    }

    @Test
    void theReceiverTriesTheCombSpanWhereAVoiceHarmonicRivalsTheLowTone() {
        // A 140 Hz voice at -16 dBm0 with keys 8 and 9 (852 Hz low) at -24 dBm0 for 100 ms: its harmonic at 840 Hz
        // stands next to the low tone, at 700 Hz in the 697 Hz bin, so most spans of five are refused for a rival low
        // tone before their tones are fitted. The comb span is judged there too when the high tone is steady.
        double[][] phases = {{0, 0}, {0.8, 1.9}};
        for (char key : new char[] {'8', '9'}) {
            for (double[] phase : phases) {
                double[] x = voice(140, 30, -16, RATE);
                short[] tone = new DtmfGenerator(RATE)
                        .withLevelDbm0(-24)
                        .withToneMs(100)
                        .withPhases(phase[0], phase[1])
                        .tone(key);
                assertThat(DtmfReceiver.decodeDigits(Signals.mix(x, tone, 3000), RATE))
                        .as("key %s phases %s/%s", key, phase[0], phase[1])
                        .isEqualTo(String.valueOf(key));
            }
        }
    }

    @Test
    void findsKeysUnderVoicesOfManyPitches() {
        // Key 8 at -20 to -26 dBm0 under voices of 110 to 220 Hz at -16 dBm0. The tones pull the autocorrelation's
        // peak off the voice's period; sought again without them, the period cancels the voice in 25 of these 28 cases
        // (11 without that second search).
        int found = 0;
        for (double f0 : new double[] {110, 125, 140, 160, 180, 200, 220}) {
            for (double level : new double[] {-20, -22, -24, -26}) {
                double[] x = voice(f0, 24, -16, RING * HALF);
                addTone(x, 852, level, 0.4);
                addTone(x, 1336, level + 1, 2.2);
                if (comb().judge(ring(x, 3), 3, RING - 1) == '8') {
                    found++;
                }
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(25);
    }

    @Test
    void sustainedNotesWithTheirHarmonicsAreNoKey() {
        // Two notes held over a 115 Hz voice, at 770 and 1336 Hz (key 5), each with its second harmonic 12 dB and its
        // third 18 dB below it: a timbre, which a key's tones lack.
        double[] x = voice(115, 34, -16, RING * HALF);
        addTone(x, 770, -20, 0.4);
        addTone(x, 1540, -32, 1.3);
        addTone(x, 2310, -38, 2.9);
        addTone(x, 1336, -19, 2.2);
        addTone(x, 2672, -31, 0.8);
        addTone(x, 4008, -37, 1.7);
        assertThat(comb(true, false).judge(ring(x, 6), 6, RING - 1))
                .as("without the check of the harmonics")
                .isEqualTo('5');
        assertThat(comb().judge(ring(x, 6), 6, RING - 1)).isEqualTo((char) 0);
    }

    @Test
    void aVoicesHarmonicOnATonesHarmonicIsCancelledBeforeTheCheck() {
        // Key 9 (852 and 1477 Hz) under a 182.6 Hz voice whose 14th harmonic, at 2556 Hz (three times the low tone), is
        // lifted by a formant to -30 dBm0: in the audio the low tone's third harmonic stands 8 dB below it, not 16, but
        // the voice is gone from the filtered span, where the check reads it.
        double f0 = 852 * 3 / 14.0;
        for (int oldest = 0; oldest < RING; oldest++) {
            double[] x = voice(f0, 20, -16, RING * HALF);
            addTone(x, 852 * 3, -30, 1.1);
            addTone(x, 852, -22, 0.4 + oldest);
            addTone(x, 1477, -21, 2.2 + 2 * oldest);
            int n = RING * HALF;
            assertThat(10 * Math.log10(power(x, 852, n) / power(x, 852 * 3, n))).isLessThan(CombSpan.HARMONIC_DB);
            assertThat(comb().judge(ring(x, oldest), oldest, RING - 1))
                    .as("oldest %s", oldest)
                    .isEqualTo('9');
        }
    }

    /** The power of {@code x}'s first {@code n} samples at {@code freq}, under a Hann window. */
    private static double power(double[] x, double freq, int n) {
        double re = 0;
        double im = 0;
        for (int t = 0; t < n; t++) {
            double w = (0.5 - 0.5 * Math.cos(2 * Math.PI * (t + 0.5) / n)) * x[t];
            re += w * Math.cos(2 * Math.PI * freq * t / RATE);
            im -= w * Math.sin(2 * Math.PI * freq * t / RATE);
        }
        return re * re + im * im;
    }

    @Test
    void findsAKeyUnderAVoiceAtOtherRates() {
        // The half-block, the lags searched and the tables scale with the rate: 16 and 48 kHz as at 8 kHz.
        for (int rate : new int[] {16_000, 48_000}) {
            int half = half(rate);
            double[] x = voice(160, 24, -16, RING * half, rate);
            addTone(x, 852, -22, 0.4, rate);
            addTone(x, 1336, -21, 2.2, rate);
            assertThat(comb(rate, true, true).judge(ring(x, 2, half), 2, RING - 1))
                    .as("at %d Hz", rate)
                    .isEqualTo('8');
            double[] alone = voice(160, 24, -10, RING * half, rate);
            assertThat(comb(rate, true, true).judge(ring(alone, 2, half), 2, RING - 1))
                    .as("the voice alone at %d Hz", rate)
                    .isEqualTo((char) 0);
        }
    }

    @Test
    void aVoiceAloneIsNoKey() {
        CombSpan comb = comb();
        for (double f0 : new double[] {95, 120, 150, 210, 260, 330}) {
            double[] x = voice(f0, 40, -10, RING * HALF);
            assertThat(comb.judge(ring(x, 0), 0, RING - 1))
                    .as("voice at %s Hz", f0)
                    .isEqualTo((char) 0);
        }
    }

    @Test
    void tonesOnTheCombOfTwiceThePeriodAreTheVoice() {
        // A voice of 44.8 Hz (941 / 21): its period, 178.6 samples, is beyond the longest lag searched, so the span
        // looks
        // periodic at half of it, where the strong even harmonics repeat. The filter at that half-period cancels them
        // and
        // doubles the odd ones, which here are only the 21st and 33rd: 941 and 1478 Hz, key #. Over twice that
        // half-period (the voice's true period) they are cancelled too: they are the voice's, not a key's.
        double f0 = 941.0 / 21;
        double[] x = new double[RING * HALF];
        for (int k = 2; k <= 60; k += 2) {
            addTone(x, k * f0, -18 - 10 * Math.log10(k / 2.0), 0.31 * k);
        }
        addTone(x, 21 * f0, -24, 0.5);
        addTone(x, 33 * f0, -24, 1.9);
        assertThat(comb(false, false).judge(ring(x, 5), 5, RING - 1))
                .as("without the check at twice the period")
                .isEqualTo('#');
        assertThat(comb(true, false).judge(ring(x, 5), 5, RING - 1)).isEqualTo((char) 0);
        // The tones are also the voice's odd harmonics, whose even ones stand near their own harmonics.
        assertThat(comb().judge(ring(x, 5), 5, RING - 1)).isEqualTo((char) 0);
    }
}
