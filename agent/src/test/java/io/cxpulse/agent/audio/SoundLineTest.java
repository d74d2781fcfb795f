package io.cxpulse.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoundLineTest {

    @BeforeEach
    void reset() {
        FakeMixerProvider.reset(new short[0]);
    }

    @Test
    void listsMemoryDevicesForPlaybackAndCapture() {
        assertThat(AudioDevices.list())
                .contains(new AudioDevices.Device(
                        FakeMixerProvider.LOOPBACK, "In-memory telephone line", "CX Pulse tests", true, true));
    }

    @Test
    void loopbackCarriesWhatIsPlayed() {
        try (SoundLine line = SoundLine.open(FakeMixerProvider.LOOPBACK, "memory loopback")) {
            short[] tone = new short[160];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (i * 100 - 8000);
            }
            line.write(tone, 0, tone.length);
            // the line queues 60 ms of silence ahead of the first prompt
            short[] lead = new short[480];
            assertThat(line.read(lead, 0, 480)).isEqualTo(480);
            assertThat(lead).containsOnly((short) 0);
            short[] back = new short[160];
            assertThat(line.read(back, 0, 160)).isEqualTo(160);
            assertThat(back).containsExactly(tone);
            assertThat(line.released()).isFalse();
        }
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    @Test
    void phoneGivesTheCallerAndKeepsThePrompts() {
        FakeMixerProvider.reset(new short[] {1, 2, 3});
        try (SoundLine line = SoundLine.open(FakeMixerProvider.PHONE, FakeMixerProvider.PHONE)) {
            line.write(new short[] {7, 8}, 0, 2);
            short[] in = new short[5];
            line.read(in, 0, 5);
            assertThat(in).containsExactly(1, 2, 3, 0, 0);
        }
        short[] played = FakeMixerProvider.playedToPhone();
        assertThat(played).hasSize(482);
        assertThat(played[480]).isEqualTo((short) 7);
        assertThat(played[481]).isEqualTo((short) 8);
    }

    @Test
    void missingDeviceNamesTheOnesThereAre() {
        assertThatThrownBy(() -> SoundLine.open("USB Phone Adapter", FakeMixerProvider.LOOPBACK))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageStartingWith("no playback device named \"USB Phone Adapter\"; available: ")
                .hasMessageContaining("\"CX Memory Loopback\"")
                .hasMessageEndingWith("(see cx-agent audio list)");
    }

    @Test
    void ambiguousNameAsksForTheFullName() {
        assertThatThrownBy(() -> SoundLine.open("CX Memory", FakeMixerProvider.LOOPBACK))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageStartingWith("more than one playback device matches \"CX Memory\"");
    }

    @Test
    void busyDeviceIsAClearErrorAndNothingStaysOpen() {
        assertThatThrownBy(() -> SoundLine.open(FakeMixerProvider.LOOPBACK, FakeMixerProvider.BUSY))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessage("capture device \"CX Memory Busy\" is busy or unavailable (Device or resource busy);"
                        + " close other programs using it or choose another device");
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    @Test
    void deviceThatNeeds16kStereoIsConvertedBothWays() {
        short[] caller = new short[8000];
        for (int i = 0; i < caller.length; i++) {
            caller[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        FakeMixerProvider.reset(caller);
        short[] in = new short[8000];
        try (SoundLine line = SoundLine.open("16k Stereo", "16k Stereo")) {
            for (int off = 0; off < 8000; off += 160) {
                line.write(new short[160], 0, 160);
                assertThat(line.read(in, off, 160)).isEqualTo(160);
            }
        }
        // one second at 8 kHz played became about one second at 16 kHz
        // (plus the 60 ms lead)
        assertThat(FakeMixerProvider.framesPlayedToWidePhone()).isBetween(15000L + 960, 16100L + 960);
        // the 1 kHz tone captured at 16 kHz stereo arrives as a 1 kHz tone at 8 kHz: compare with the original
        double dot = 0;
        double energy = 0;
        for (int i = 2000; i < 6000; i++) {
            energy += (double) in[i] * in[i];
        }
        int lag = bestLag(caller, in);
        for (int i = 2000; i < 6000; i++) {
            dot += (double) in[i] * caller[i - lag];
        }
        assertThat(Math.sqrt(energy / 4000)).isBetween(8000 / Math.sqrt(2) * 0.8, 8000 / Math.sqrt(2) * 1.2);
        assertThat(dot / energy).isGreaterThan(0.8);
    }

    private static int bestLag(short[] ref, short[] got) {
        int best = 0;
        double bestDot = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag < 100; lag++) {
            double dot = 0;
            for (int i = 2000; i < 3000; i++) {
                dot += (double) got[i] * ref[i - lag];
            }
            if (dot > bestDot) {
                bestDot = dot;
                best = lag;
            }
        }
        return best;
    }
}
