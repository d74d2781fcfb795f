package io.cxpulse.agent.audio;

import io.cxpulse.agent.codec.G711;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads audio files as 8 kHz 16-bit mono PCM (whatever their rate, sample size, encoding or channel count) and writes
 * 16-bit mono WAV files.
 */
public final class WavFiles {

    /** The rate the telephone line and the DTMF receiver work at. */
    public static final int LINE_RATE = 8000;

    private static final long MAX_SAMPLES = 1L << 28;

    private WavFiles() {}

    /**
     * Reads an audio file (WAV, AU or AIFF; PCM of 8 to 32 bits, float, µ-law or A-law; any channel count and rate) as
     * 8 kHz 16-bit mono: channels are averaged, the rate converted with a windowed-sinc low-pass.
     *
     * @throws IOException with the file name when it cannot be read or is not a supported audio file
     */
    public static short[] read8kMono(Path file) throws IOException {
        return readMono(file, LINE_RATE);
    }

    /** Like {@link #read8kMono} for any target rate. */
    public static short[] readMono(Path file, int targetRate) throws IOException {
        if (targetRate < 1000 || targetRate > 384_000) {
            throw new IllegalArgumentException("target rate must be 1000..384000 Hz, got " + targetRate);
        }
        if (Files.isRegularFile(file) && Files.size(file) > Integer.MAX_VALUE - 1024) {
            throw new IOException(file + ": too large (" + Files.size(file) + " bytes)");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                AudioInputStream ais = AudioSystem.getAudioInputStream(in)) {
            AudioFormat format = ais.getFormat();
            byte[] bytes = ais.readAllBytes();
            float[] mono = toMono(bytes, format, file);
            int rate = Math.round(format.getSampleRate());
            if (rate <= 0) {
                throw new IOException(file + ": unknown sample rate");
            }
            float[] out = rate == targetRate ? mono : Resampler.resample(mono, rate, targetRate);
            short[] pcm = new short[out.length];
            for (int i = 0; i < out.length; i++) {
                pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(out[i])));
            }
            return pcm;
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file + ": not a supported audio file (" + e.getMessage() + ")", e);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (m.contains(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": " + m, e);
        }
    }

    /** Writes 16-bit little-endian mono PCM as a WAV file. */
    public static void write(Path file, short[] pcm, int sampleRate) throws IOException {
        if (sampleRate < 1000 || sampleRate > 384_000) {
            throw new IllegalArgumentException("sample rate must be 1000..384000 Hz, got " + sampleRate);
        }
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(bytes), format, pcm.length)) {
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static float[] toMono(byte[] bytes, AudioFormat format, Path file) throws IOException {
        int channels = format.getChannels();
        int bits = format.getSampleSizeInBits();
        AudioFormat.Encoding enc = format.getEncoding();
        boolean law = enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW);
        int bytesPerSample = law ? 1 : (bits + 7) / 8;
        boolean floating = enc.equals(AudioFormat.Encoding.PCM_FLOAT);
        if (channels < 1 || bytesPerSample < 1 || bytesPerSample > (floating ? 8 : 4)) {
            throw new IOException(file + ": unsupported format " + format);
        }
        int frameSize = format.getFrameSize() > 0 ? format.getFrameSize() : bytesPerSample * channels;
        if (frameSize < bytesPerSample * channels) {
            throw new IOException(file + ": unsupported frame size in " + format);
        }
        long frames = bytes.length / frameSize;
        if (frames > MAX_SAMPLES) {
            throw new IOException(file + ": too long (" + frames + " frames)");
        }
        boolean big = format.isBigEndian();
        float[] out = new float[(int) frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = f * frameSize + c * bytesPerSample;
                sum += sample(bytes, at, bytesPerSample, big, enc, file);
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }

    /** One sample scaled to the 16-bit range. */
    private static double sample(byte[] b, int at, int size, boolean big, AudioFormat.Encoding enc, Path file)
            throws IOException {
        if (enc.equals(AudioFormat.Encoding.ULAW)) {
            return G711.ulawToLinear(b[at]);
        }
        if (enc.equals(AudioFormat.Encoding.ALAW)) {
            return G711.alawToLinear(b[at]);
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            int byteIndex = big ? at + i : at + size - 1 - i;
            v = (v << 8) | (b[byteIndex] & 0xFF);
        }
        if (enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            if (size == 4) {
                return Float.intBitsToFloat((int) v) * 32768.0;
            }
            if (size == 8) {
                return Double.longBitsToDouble(v) * 32768.0;
            }
            throw new IOException(file + ": unsupported float sample size " + (size * 8));
        }
        int shift = 64 - size * 8;
        if (enc.equals(AudioFormat.Encoding.PCM_SIGNED)) {
            v = (v << shift) >> shift;
        } else if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            v -= 1L << (size * 8 - 1);
        } else {
            throw new IOException(file + ": unsupported encoding " + enc);
        }
        return v * Math.pow(2, 16 - size * 8);
    }
}
