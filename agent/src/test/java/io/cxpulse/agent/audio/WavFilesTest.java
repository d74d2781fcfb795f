package io.cxpulse.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cxpulse.agent.codec.G711;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {

    @TempDir
    Path dir;

    private static double amplitudeAt(short[] pcm, double freq, int rate, int from, int to) {
        double re = 0, im = 0;
        for (int n = from; n < to; n++) {
            re += pcm[n] * Math.cos(2 * Math.PI * freq * n / rate);
            im += pcm[n] * Math.sin(2 * Math.PI * freq * n / rate);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    /** Writes {@code frames} frames of a sine per channel in an arbitrary PCM format. */
    private Path writeSine(String name, AudioFormat format, double freq, double amp, int frames) throws IOException {
        int bytesPerSample = format.getSampleSizeInBits() / 8;
        int channels = format.getChannels();
        byte[] bytes = new byte[frames * channels * bytesPerSample];
        int at = 0;
        for (int n = 0; n < frames; n++) {
            double v = amp * Math.sin(2 * Math.PI * freq * n / format.getSampleRate());
            for (int c = 0; c < channels; c++) {
                long s = Math.round(v * Math.pow(2, format.getSampleSizeInBits() - 16));
                if (format.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
                    s += 1L << (format.getSampleSizeInBits() - 1);
                }
                for (int b = 0; b < bytesPerSample; b++) {
                    int shift = format.isBigEndian() ? 8 * (bytesPerSample - 1 - b) : 8 * b;
                    bytes[at++] = (byte) (s >> shift);
                }
            }
        }
        Path file = dir.resolve(name);
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(bytes), format, frames)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void eightKilohertzMonoRoundTripsExactly() throws IOException {
        short[] pcm = new DtmfGenerator(8000).digits("5#10");
        Path file = dir.resolve("a.wav");
        WavFiles.write(file, pcm, 8000);
        assertThat(WavFiles.read8kMono(file)).containsExactly(pcm);
    }

    @Test
    void otherRatesSizesAndChannelsAreConvertedTo8kMono() throws IOException {
        AudioFormat[] formats = {
            new AudioFormat(44100, 24, 2, true, false),
            new AudioFormat(48000, 16, 2, true, true),
            new AudioFormat(16000, 32, 1, true, false),
            new AudioFormat(22050, 8, 1, false, false),
            new AudioFormat(11025, 16, 3, true, false),
            new AudioFormat(6000, 16, 1, true, false),
        };
        for (AudioFormat f : formats) {
            int frames = (int) f.getSampleRate(); // one second
            short[] pcm = WavFiles.read8kMono(writeSine("s.wav", f, 1000, 10000, frames));
            assertThat(pcm.length).as("%s", f).isBetween(7999, 8001);
            assertThat(amplitudeAt(pcm, 1000, 8000, 800, 7200)).as("%s", f).isCloseTo(10000, within(150.0));
            assertThat(amplitudeAt(pcm, 1100, 8000, 800, 7200)).as("%s", f).isLessThan(150);
        }
    }

    @Test
    void contentAboveTheLineNyquistIsFilteredOutNotAliased() throws IOException {
        // 6 kHz at 44.1 kHz would alias to 2 kHz if it were merely decimated.
        short[] pcm = WavFiles.read8kMono(
                writeSine("hi.wav", new AudioFormat(44100, 16, 1, true, false), 6000, 20000, 44100));
        assertThat(amplitudeAt(pcm, 2000, 8000, 800, 7200)).isLessThan(20);
        // and the pass band reaches the telephone band edge
        pcm = WavFiles.read8kMono(writeSine("pb.wav", new AudioFormat(44100, 16, 1, true, false), 3400, 20000, 44100));
        assertThat(amplitudeAt(pcm, 3400, 8000, 800, 7200)).isCloseTo(20000, within(400.0));
    }

    @Test
    void dtmfSurvivesConversionFromCdQualityStereo() throws IOException {
        short[] tones = new DtmfGenerator(44100).withToneMs(60).withGapMs(60).digits("147*2580369#ABCD");
        byte[] bytes = new byte[tones.length * 4];
        for (int i = 0; i < tones.length; i++) {
            for (int c = 0; c < 2; c++) {
                bytes[4 * i + 2 * c] = (byte) tones[i];
                bytes[4 * i + 2 * c + 1] = (byte) (tones[i] >> 8);
            }
        }
        Path file = dir.resolve("cd.wav");
        try (AudioInputStream ais = new AudioInputStream(
                new ByteArrayInputStream(bytes), new AudioFormat(44100, 16, 2, true, false), tones.length)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
        }
        assertThat(DtmfReceiver.decodeDigits(WavFiles.read8kMono(file), 8000)).isEqualTo("147*2580369#ABCD");
    }

    @Test
    void muLawWavIsDecoded() throws IOException {
        short[] pcm = new DtmfGenerator(8000).digits("42");
        byte[] codes = G711.encodeUlaw(pcm);
        Path file = dir.resolve("u.wav");
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(codes), ulaw, codes.length)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
        }
        assertThat(WavFiles.read8kMono(file)).containsExactly(G711.decodeUlaw(codes));
    }

    @Test
    void unreadableFilesFailWithTheirName() throws IOException {
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "this is not audio");
        assertThatThrownBy(() -> WavFiles.read8kMono(junk))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("junk.wav");
        Path missing = dir.resolve("missing.wav");
        assertThatThrownBy(() -> WavFiles.read8kMono(missing))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.wav");
        Path empty = dir.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> WavFiles.read8kMono(empty))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("empty.wav");
    }

    @Test
    void resamplerKeepsLengthAndLevel() {
        float[] in = new float[48000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (1000 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
        }
        float[] out = Resampler.resample(in, 48000, 8000);
        assertThat(out).hasSize(8000);
        double peak = 0;
        for (int i = 1000; i < 7000; i++) {
            peak = Math.max(peak, Math.abs(out[i]));
        }
        assertThat(peak).isCloseTo(1000, within(10.0));
    }
}
