package io.cxpulse.agent.dtmf;

import static io.cxpulse.agent.dtmf.Signals.RATE;
import static io.cxpulse.agent.dtmf.Signals.concat;
import static io.cxpulse.agent.dtmf.Signals.digits;
import static io.cxpulse.agent.dtmf.Signals.padded;
import static io.cxpulse.agent.dtmf.Signals.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.cxpulse.agent.codec.G711;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ITU-T Q.24 requirements on synthesized signals, and the receiver's streaming contract. */
class DtmfReceiverTest {

    private static final DtmfGenerator GEN =
            new DtmfGenerator(RATE).withToneMs(60).withGapMs(60);
    private static final double[] PHASES = {0, 0.7, 1.6, 2.5, 3.3, 4.1, 5.0, 5.9};

    static Stream<Character> keys() {
        return DtmfGenerator.KEYS.chars().mapToObj(c -> (char) c);
    }

    /** Every key with several tone phases and start positions relative to the receiver's blocks. */
    static Stream<Arguments> keysAndPhases() {
        return keys().flatMap(k -> IntStream.range(0, PHASES.length)
                .mapToObj(i -> Arguments.of(k, PHASES[i], PHASES[(i * 3 + 2) % PHASES.length], i * 13)));
    }

    private static String one(DtmfGenerator g, char key, double lowPhase, double highPhase, int lead) {
        return digits(padded(g.withPhases(lowPhase, highPhase).tone(key), lead));
    }

    @Test
    void decodesAllSixteenKeysInSequence() {
        assertThat(digits(new DtmfGenerator(RATE).digits("0123456789*#ABCD"))).isEqualTo("0123456789*#ABCD");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1.5, -1.0, 0, 1.0, 1.5})
    void frequencyWithinOnePointFivePercentIsDetected(double offset) {
        for (char k : DtmfGenerator.KEYS.toCharArray()) {
            assertThat(one(GEN.withFrequencyOffsetPercent(offset, 0), k, 0.3, 1.1, 7))
                    .as("key %s low %s%%", k, offset)
                    .isEqualTo(String.valueOf(k));
            assertThat(one(GEN.withFrequencyOffsetPercent(0, offset), k, 2.0, 0.4, 31))
                    .as("key %s high %s%%", k, offset)
                    .isEqualTo(String.valueOf(k));
            assertThat(one(GEN.withFrequencyOffsetPercent(offset, offset), k, 4.0, 5.4, 50))
                    .as("key %s both %s%%", k, offset)
                    .isEqualTo(String.valueOf(k));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-6, -5, -4.5, -4, -3.5, 3.5, 4, 4.5, 5, 6})
    void frequencyOffByThreePointFivePercentOrMoreIsRejected(double offset) {
        for (char k : DtmfGenerator.KEYS.toCharArray()) {
            for (double phase : new double[] {0, 2.1, 4.2}) {
                assertThat(one(GEN.withFrequencyOffsetPercent(offset, 0), k, phase, 1.0, 11))
                        .as("key %s low %s%%", k, offset)
                        .isEmpty();
                assertThat(one(GEN.withFrequencyOffsetPercent(0, offset), k, 1.0, phase, 40))
                        .as("key %s high %s%%", k, offset)
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void twistUpToEightNormalAndFourReverseIsDetectedWhateverThePhases(
            char key, double lowPhase, double highPhase, int lead) {
        for (double twist : new double[] {8, 4, 0, -2, -4}) {
            assertThat(one(GEN.withLevelDbm0(-8).withTwistDb(twist), key, lowPhase, highPhase, lead))
                    .as("twist %s dB", twist)
                    .isEqualTo(String.valueOf(key));
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void twistBeyondTenDbIsRejectedWhateverThePhases(char key, double lowPhase, double highPhase, int lead) {
        for (double twist : new double[] {10.01, 12, 20, -10.01, -12, -20}) {
            assertThat(one(GEN.withLevelDbm0(-8).withTwistDb(twist), key, lowPhase, highPhase, lead))
                    .as("twist %s dB", twist)
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void aShortKeyAtSevenAndAHalfDbOfReverseTwistIsFoundByItsSpans(
            char key, double lowPhase, double highPhase, int lead) {
        // 45 ms: too short for the pairs alone, which allow 6.5 dB of reverse twist; a strong span allows 8 dB.
        DtmfGenerator g = GEN.withToneMs(45).withLevelDbm0(-16);
        for (double twist : new double[] {-7, -7.5}) {
            assertThat(one(g.withTwistDb(twist), key, lowPhase, highPhase, lead))
                    .as("twist %s dB", twist)
                    .isEqualTo(String.valueOf(key));
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void reverseTwistBeyondSixAndAHalfDbIsAllowedOnlyWhereTheTonesHoldMostOfTheSpan(
            char key, double lowPhase, double highPhase, int lead) {
        // A 3.2 kHz tone at 0.8 times the key's power: the key's tones explain 55 % of each span, below the 65 % of a
        // strong span. At 5 dB of reverse twist the key is still found; at 7.5 dB it is not.
        for (double twist : new double[] {-5, -7.5}) {
            short[] pcm = padded(
                    GEN.withToneMs(100)
                            .withLevelDbm0(-12)
                            .withTwistDb(twist)
                            .withPhases(lowPhase, highPhase)
                            .tone(key),
                    lead);
            double low = DtmfGenerator.amplitude(-12);
            double high = DtmfGenerator.amplitude(-12 - twist);
            double amplitude = Math.sqrt(0.8 * (low * low + high * high));
            for (int n = 0; n < pcm.length; n++) {
                pcm[n] = DtmfGenerator.clip(pcm[n] + amplitude * Math.sin(2 * Math.PI * 3200 * n / RATE + lowPhase));
            }
            assertThat(digits(pcm)).as("twist %s dB", twist).isEqualTo(twist > -6.5 ? String.valueOf(key) : "");
        }
    }

    @Test
    void aPressUnderALouderVoiceIsOneKeyThoughItsTestsFailForAWhile() {
        // Keys of 100 ms at -23 dBm0 under held vowels at -16 dBm0: the pairs and spans fail for stretches of the press
        // (a harmonic beating with a tone), long enough to end it, and the key is recognised again after them. Its
        // tones never stop, so it is one press (5 of these 64 presses counted twice before the receiver followed them).
        int found = 0;
        for (double f0 : new double[] {110, 140, 160, 180}) {
            for (char key : DtmfGenerator.KEYS.toCharArray()) {
                double[] voice = Signals.voice(f0, 30, -16, RATE, RATE);
                short[] tone = GEN.withLevelDbm0(-23).withToneMs(100).tone(key);
                String got = digits(Signals.mix(voice, tone, 3000));
                assertThat(got).as("key %s under %s Hz", key, f0).isIn("", String.valueOf(key));
                found += got.length();
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(56);
    }

    @Test
    void theSameKeyPressedAgainAfterAShortGapUnderTheVoiceIsTwoKeys() {
        // The gap (45 ms) shows in the tones' own bins even under the voice: the second press is not taken for the
        // first one continuing.
        for (double f0 : new double[] {110, 140, 160, 180}) {
            for (char key : DtmfGenerator.KEYS.toCharArray()) {
                double[] voice = Signals.voice(f0, 30, -16, RATE, RATE);
                short[] twice =
                        GEN.withLevelDbm0(-18).withToneMs(100).withGapMs(45).digits(key + "" + key);
                assertThat(digits(Signals.mix(voice, twice, 3000)))
                        .as("key %s under %s Hz", key, f0)
                        .isEqualTo(key + "" + key);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void anotherLowToneForAMomentInsideAPressIsStillOneKey(char key) {
        // A 250 ms press with the next low-group frequency above its own low tone in the middle, as a voice's harmonic
        // can be: 6 dB above for 60 ms (the other key is valid meanwhile), or 10 dB above for 100 ms (the other key for
        // a moment, then no key at all, the twist being beyond 9 dB). The press's own tones never stop, so it is one
        // press, reported as the key of most of its valid pairs.
        double[] lows = {697, 770, 852, 941};
        double low = DtmfGenerator.frequencies(key)[0];
        int li = (int)
                IntStream.range(0, 4).filter(i -> lows[i] == low).findFirst().orElseThrow();
        double rival = lows[li == 3 ? 2 : li + 1];
        for (int[] burst : new int[][] {{6, 60}, {10, 100}}) {
            short[] pcm = padded(GEN.withLevelDbm0(-12).withToneMs(250).tone(key), 800);
            double amplitude = DtmfGenerator.amplitude(-12 + burst[0]);
            for (int n = 1600; n < 1600 + burst[1] * RATE / 1000; n++) {
                pcm[n] = DtmfGenerator.clip(pcm[n] + amplitude * Math.sin(2 * Math.PI * rival * n / RATE));
            }
            assertThat(digits(pcm)).as("%s dB for %s ms", burst[0], burst[1]).isEqualTo(String.valueOf(key));
        }
    }

    @Test
    void twoKeysSharingATonePressedWithAShortGapUnderTheVoiceAreTwoKeys() {
        // The tone the second key lacks stops in the gap: the second key is a press of its own, not a voice under
        // the first.
        String[] pairs = {"B4", "4B", "1A", "A3", "58", "#0", "D#", "27"};
        for (double f0 : new double[] {110, 140, 160, 180}) {
            for (String keys : pairs) {
                double[] voice = Signals.voice(f0, 30, -16, RATE, RATE);
                short[] both =
                        GEN.withLevelDbm0(-18).withToneMs(100).withGapMs(45).digits(keys);
                assertThat(digits(Signals.mix(voice, both, 3000)))
                        .as("keys %s under %s Hz", keys, f0)
                        .isEqualTo(keys);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void singleTonesAreRejected(char key) {
        double[] f = DtmfGenerator.frequencies(key);
        for (double freq : f) {
            short[] tone = new short[800];
            for (int n = 0; n < tone.length; n++) {
                tone[n] = (short) Math.round(8000 * Math.sin(2 * Math.PI * freq * n / RATE));
            }
            assertThat(digits(padded(tone, 100))).as("%s Hz alone", freq).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void fortyMillisecondsAndLongerIsDetectedAtEveryAlignment(char key) {
        for (double ms : new double[] {40, 41, 45, 60, 500}) {
            for (int lead = 0; lead < 51; lead += 3) {
                assertThat(one(GEN.withToneMs(ms), key, lead * 0.37, lead * 0.11, 400 + lead))
                        .as("%s ms at offset %d", ms, lead)
                        .isEqualTo(String.valueOf(key));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void twentyMillisecondsAndShorterIsRejectedAtEveryAlignment(char key) {
        for (double ms : new double[] {10, 15, 20}) {
            for (int lead = 0; lead < 51; lead += 2) {
                assertThat(one(GEN.withToneMs(ms), key, lead * 0.37, lead * 0.11, 400 + lead))
                        .as("%s ms at offset %d", ms, lead)
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void dropoutOfTenMillisecondsDoesNotSplitAPress(char key) {
        DtmfGenerator g = GEN.withToneMs(60);
        for (double dropMs : new double[] {1, 5, 10}) {
            for (int lead = 0; lead < 51; lead += 5) {
                short[] pcm = padded(concat(g.tone(key), silence(g.samples(dropMs)), g.tone(key)), 300 + lead);
                assertThat(digits(pcm)).as("%s ms dropout at %d", dropMs, lead).isEqualTo(String.valueOf(key));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void gapOfFortyMillisecondsSeparatesTwoPressesOfTheSameKey(char key) {
        DtmfGenerator g = GEN.withToneMs(40);
        String twice = String.valueOf(key) + key;
        for (int lead = 0; lead < 51; lead += 5) {
            short[] pcm = padded(concat(g.tone(key), silence(g.samples(40)), g.tone(key)), 300 + lead);
            assertThat(digits(pcm)).as("lead %d", lead).isEqualTo(twice);
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void levelsFromMinusTwentyFiveDbm0ToClippedFullScaleAreDetected(
            char key, double lowPhase, double highPhase, int lead) {
        for (double level : new double[] {-25, -20, -10, 0, DtmfGenerator.FULL_SCALE_SINE_DBM0 - 6, 3.14, 6, 10}) {
            assertThat(one(GEN.withLevelDbm0(level), key, lowPhase, highPhase, lead))
                    .as("%s dBm0", level)
                    .isEqualTo(String.valueOf(key));
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void levelsBelowMinusFiftyDbm0AreRejected(char key, double lowPhase, double highPhase, int lead) {
        for (double level : new double[] {-50.01, -55, -70}) {
            assertThat(one(GEN.withLevelDbm0(level), key, lowPhase, highPhase, lead))
                    .as("%s dBm0", level)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("keys")
    void detectsInWhiteNoiseAtFifteenDbSignalToNoise(char key) {
        DtmfGenerator g = GEN.withToneMs(50).withGapMs(50).withLevelDbm0(-15);
        String seq = String.valueOf(key).repeat(3);
        for (long seed = 0; seed < 6; seed++) {
            for (double snr : new double[] {15, 20, 30}) {
                short[] clean = g.digits(seq);
                // Noise is measured against the tones alone, then applied to the whole sequence including gaps.
                double sigma = Math.sqrt(Signals.power(g.tone(key)) / Math.pow(10, snr / 10));
                short[] noisy = Signals.addNoise(padded(clean, 200), sigma, seed * 31 + key);
                assertThat(digits(noisy)).as("SNR %s dB seed %d", snr, seed).isEqualTo(seq);
            }
        }
    }

    @Test
    void whiteNoiseAloneGivesNoDigits() {
        for (double sigma : new double[] {30, 300, 3000, 20000}) {
            assertThat(digits(Signals.addNoise(silence(RATE * 20), sigma, 5)))
                    .as("sigma %s", sigma)
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "key {0} phases {1}/{2}")
    @MethodSource("keysAndPhases")
    void resultsAreUnchangedAfterMuLawAndALawRoundTrips(char key, double lowPhase, double highPhase, int lead) {
        // Clipping suppresses the weaker tone (by up to 6 dB), so full scale is combined with zero twist only.
        double[][] levelTwist = {{-25, 8}, {-25, -4}, {-10, 8}, {-10, -4}, {-3, 8}, {-3, -4}, {3.14, 0}, {8, 0}};
        for (double[] lt : levelTwist) {
            double level = lt[0];
            double twist = lt[1];
            {
                short[] pcm = padded(
                        GEN.withLevelDbm0(level)
                                .withTwistDb(twist)
                                .withPhases(lowPhase, highPhase)
                                .tone(key),
                        lead);
                String linear = digits(pcm);
                assertThat(linear).isEqualTo(String.valueOf(key));
                assertThat(digits(G711.decodeUlaw(G711.encodeUlaw(pcm))))
                        .as("µ-law %s dBm0 twist %s", level, twist)
                        .isEqualTo(linear);
                assertThat(digits(G711.decodeAlaw(G711.encodeAlaw(pcm))))
                        .as("A-law %s dBm0 twist %s", level, twist)
                        .isEqualTo(linear);
            }
        }
    }

    @Test
    void rejectedSignalsStayRejectedAfterCodecRoundTrips() {
        for (char k : DtmfGenerator.KEYS.toCharArray()) {
            short[] pcm = padded(
                    concat(
                            GEN.withFrequencyOffsetPercent(3.5, 0).tone(k),
                            silence(400),
                            GEN.withTwistDb(12).tone(k),
                            silence(400),
                            GEN.withToneMs(20).tone(k)),
                    10);
            assertThat(digits(G711.decodeUlaw(G711.encodeUlaw(pcm)))).isEmpty();
            assertThat(digits(G711.decodeAlaw(G711.encodeAlaw(pcm)))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 51, 80, 102, 160, 1000, 100_000})
    void blockSizeDoesNotChangeTheEvents(int block) {
        short[] pcm =
                padded(new DtmfGenerator(RATE).withToneMs(70).withGapMs(45).digits("5#10*D"), 123);
        List<DtmfEvent> whole = DtmfReceiver.decode(pcm, RATE);
        List<DtmfEvent> events = new ArrayList<>();
        DtmfReceiver rx = new DtmfReceiver(RATE, events::add);
        for (int at = 0; at < pcm.length; at += block) {
            rx.process(pcm, at, Math.min(block, pcm.length - at));
        }
        rx.flush();
        assertThat(events).isEqualTo(whole);
        assertThat(events).extracting(DtmfEvent::key).containsExactly('5', '#', '1', '0', '*', 'D');
    }

    @Test
    void eventsCarryTheirStartAndEndSampleAndKeyDownComesFirst() {
        int lead = 1000;
        int tone = 800; // 100 ms
        short[] pcm = padded(new DtmfGenerator(RATE).withToneMs(100).tone('7'), lead);
        List<String> calls = new ArrayList<>();
        DtmfReceiver rx = new DtmfReceiver(RATE, new DtmfListener() {
            @Override
            public void keyDown(char key, long startSample) {
                calls.add("down " + key + " " + startSample);
            }

            @Override
            public void key(DtmfEvent event) {
                calls.add("key " + event.key() + " " + event.startSample() + " " + event.endSample());
            }
        });
        rx.process(pcm, 0, pcm.length);
        rx.flush();
        assertThat(calls).hasSize(2);
        String[] down = calls.get(0).split(" ");
        String[] key = calls.get(1).split(" ");
        assertThat(down[0] + down[1]).isEqualTo("down7");
        assertThat(key[0] + key[1]).isEqualTo("key7");
        long start = Long.parseLong(key[2]);
        long end = Long.parseLong(key[3]);
        assertThat(Long.parseLong(down[2])).isEqualTo(start);
        // Within one half-block (51 samples) of the true edges.
        assertThat(start).isBetween((long) lead - 51, (long) lead + 51);
        assertThat(end).isBetween((long) lead + tone - 51, (long) lead + tone + 51);
    }

    @Test
    void keyDownIsReportedWhileTheToneStillSounds() {
        short[] pcm = new DtmfGenerator(RATE).withToneMs(1000).tone('9');
        List<Character> downs = new ArrayList<>();
        List<DtmfEvent> keys = new ArrayList<>();
        DtmfReceiver rx = new DtmfReceiver(RATE, new DtmfListener() {
            @Override
            public void keyDown(char key, long startSample) {
                downs.add(key);
            }

            @Override
            public void key(DtmfEvent event) {
                keys.add(event);
            }
        });
        rx.process(pcm, 0, 400); // 50 ms in
        assertThat(downs).containsExactly('9');
        assertThat(keys).isEmpty();
        rx.process(pcm, 400, pcm.length - 400);
        assertThat(keys).isEmpty();
        rx.flush();
        assertThat(keys).extracting(DtmfEvent::key).containsExactly('9');
    }

    @Test
    void flushReportsAPressStillSoundingAtTheEnd() {
        for (int lead = 300; lead < 402; lead += 7) {
            short[] pcm =
                    concat(silence(lead), new DtmfGenerator(RATE).withToneMs(40).tone('#'));
            List<DtmfEvent> events = DtmfReceiver.decode(pcm, RATE);
            assertThat(events).extracting(DtmfEvent::key).as("lead %d", lead).containsExactly('#');
            assertThat(events.get(0).endSample()).isLessThanOrEqualTo(pcm.length);
        }
    }

    @Test
    void resetForgetsAPartialPressAndRestartsSampleCounting() {
        List<DtmfEvent> events = new ArrayList<>();
        DtmfReceiver rx = new DtmfReceiver(RATE, events::add);
        // Two halves of a 40 ms tone: together they would be a press, but the reset between them separates them.
        short[] tone = new DtmfGenerator(RATE).withToneMs(20).tone('1');
        rx.process(tone, 0, tone.length);
        rx.reset();
        short[] second = padded(
                new DtmfGenerator(RATE)
                        .withToneMs(20)
                        .withPhases(2 * Math.PI * 697 * 160 / RATE, 2 * Math.PI * 1209 * 160 / RATE)
                        .tone('1'),
                0);
        rx.process(second, 0, second.length);
        rx.flush();
        assertThat(events).isEmpty();

        short[] pcm = padded(new DtmfGenerator(RATE).withToneMs(80).tone('2'), 500);
        rx.process(pcm, 0, pcm.length);
        rx.flush();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).startSample()).isBetween(449L, 551L);
    }

    @Test
    void differentKeysWithoutGapAreTwoPresses() {
        DtmfGenerator g = new DtmfGenerator(RATE).withToneMs(80).withGapMs(0);
        assertThat(digits(padded(g.digits("12"), 50))).isEqualTo("12");
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 11025, 16000, 22050, 44100, 48000})
    void worksAtOtherSampleRates(int rate) {
        DtmfGenerator g = new DtmfGenerator(rate).withToneMs(50).withGapMs(50);
        assertThat(DtmfReceiver.decodeDigits(g.digits("147*2580369#ABCD"), rate))
                .isEqualTo("147*2580369#ABCD");
        assertThat(DtmfReceiver.decodeDigits(g.withToneMs(20).digits("123"), rate))
                .isEmpty();
    }

    @Test
    void randomPhasesAtTheTwistLimitsAreAlwaysDetected() {
        Random r = new Random(42);
        for (int i = 0; i < 400; i++) {
            char key = DtmfGenerator.KEYS.charAt(r.nextInt(16));
            double twist = r.nextBoolean() ? 8 : -4;
            String got = one(
                    GEN.withTwistDb(twist).withLevelDbm0(-5),
                    key,
                    r.nextDouble() * 2 * Math.PI,
                    r.nextDouble() * 2 * Math.PI,
                    r.nextInt(102));
            assertThat(got).as("key %s twist %s run %d", key, twist, i).isEqualTo(String.valueOf(key));
        }
    }

    @Test
    void allocatesNothingPerBlockInSteadyState() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        short[] noise = Signals.addNoise(silence(RATE * 5), 3000, 9);
        short[] keys = new DtmfGenerator(RATE).withToneMs(20).withGapMs(30).digits("1234567890");
        short[] pcm = concat(noise, keys, new DtmfGenerator(RATE).withToneMs(60).tone('5'));
        int[] presses = new int[1];
        DtmfReceiver rx = new DtmfReceiver(RATE, e -> presses[0]++);
        for (int warm = 0; warm < 3; warm++) {
            feed(rx, pcm);
        }
        presses[0] = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        feed(rx, pcm);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // The one press per pass ('5') costs its DtmfEvent; the blocks themselves allocate nothing.
        assertThat(presses[0]).isEqualTo(1);
        assertThat(allocated)
                .as("bytes allocated for %d blocks", pcm.length / 160)
                .isLessThanOrEqualTo(48);
    }

    private static void feed(DtmfReceiver rx, short[] pcm) {
        for (int at = 0; at < pcm.length; at += 160) {
            rx.process(pcm, at, Math.min(160, pcm.length - at));
        }
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> new DtmfReceiver(4000, e -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4000");
        DtmfReceiver rx = new DtmfReceiver(RATE, e -> {});
        assertThatThrownBy(() -> rx.process(new short[10], 5, 6))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("offset 5 length 6");
    }
}
