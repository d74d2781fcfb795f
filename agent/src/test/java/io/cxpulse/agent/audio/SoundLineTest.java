package io.cxpulse.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoundLineTest {

    @BeforeEach
    void reset() {
        MemoryMixerProvider.reset(new short[0]);
    }

    @Test
    void listsMemoryDevicesForPlaybackAndCapture() {
        assertThat(AudioDevices.list())
                .contains(new AudioDevices.Device(
                        MemoryMixerProvider.LOOPBACK, "In-memory telephone line", "CX Pulse tests", true, true));
    }

    @Test
    void loopbackCarriesWhatIsPlayed() {
        try (SoundLine line = SoundLine.open(MemoryMixerProvider.LOOPBACK, "memory loopback")) {
            short[] tone = new short[160];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (i * 100 - 8000);
            }
            line.write(tone, 0, tone.length);
            short[] back = new short[160];
            assertThat(line.read(back, 0, 160)).isEqualTo(160);
            assertThat(back).containsExactly(tone);
            assertThat(line.released()).isFalse();
        }
        assertThat(MemoryMixerProvider.openLines()).isZero();
    }

    @Test
    void phoneGivesTheCallerAndKeepsThePrompts() {
        MemoryMixerProvider.reset(new short[] {1, 2, 3});
        try (SoundLine line = SoundLine.open(MemoryMixerProvider.PHONE, MemoryMixerProvider.PHONE)) {
            line.write(new short[] {7, 8}, 0, 2);
            short[] in = new short[5];
            line.read(in, 0, 5);
            assertThat(in).containsExactly(1, 2, 3, 0, 0);
        }
        assertThat(MemoryMixerProvider.playedToPhone()).containsExactly(7, 8);
    }

    @Test
    void missingDeviceNamesTheOnesThereAre() {
        assertThatThrownBy(() -> SoundLine.open("USB Phone Adapter", MemoryMixerProvider.LOOPBACK))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageStartingWith("no playback device named \"USB Phone Adapter\"; available: ")
                .hasMessageContaining("\"CX Memory Loopback\"")
                .hasMessageEndingWith("(see cx-agent audio list)");
    }

    @Test
    void ambiguousNameAsksForTheFullName() {
        assertThatThrownBy(() -> SoundLine.open("CX Memory", MemoryMixerProvider.LOOPBACK))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessageStartingWith("more than one playback device matches \"CX Memory\"");
    }

    @Test
    void busyDeviceIsAClearErrorAndNothingStaysOpen() {
        assertThatThrownBy(() -> SoundLine.open(MemoryMixerProvider.LOOPBACK, MemoryMixerProvider.BUSY))
                .isInstanceOf(AudioDeviceException.class)
                .hasMessage("capture device \"CX Memory Busy\" is busy or unavailable (Device or resource busy);"
                        + " close other programs using it or choose another device");
        assertThat(MemoryMixerProvider.openLines()).isZero();
    }
}
