package io.cxpulse.agent.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Line} on javax.sound devices: prompts go to a playback mixer, the caller comes from a capture mixer,
 * both chosen by name. The line runs at 8 kHz, 16-bit, mono; a device that cannot take that format directly is
 * opened in one it can, and {@link AudioSystem} converts. javax.sound has no hang-up signal, so
 * {@link #released()} is always false: hang-ups are heard (tones, silence).
 */
public final class SoundLine implements Line {
    /** The line's own format. */
    public static final AudioFormat FORMAT = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);

    private static final Logger log = LoggerFactory.getLogger(SoundLine.class);
    private static final float[] FALLBACK_RATES = {8000f, 16000f, 48000f, 44100f, 32000f, 22050f, 11025f};
    private static final int BUFFER_MILLIS = 120;
    /**
     * Silence queued for playback before the line starts: the survey writes 20 ms and then waits for 20 ms of
     * capture, so without a lead the playback buffer would run dry at every scheduling hiccup.
     */
    static final int PREFILL_MILLIS = 60;

    private final SourceDataLine out;
    private final TargetDataLine in;
    private final InputStream capture;
    private final PlaybackConverter converter;
    private byte[] bytes = new byte[0];

    private SoundLine(SourceDataLine out, TargetDataLine in, InputStream capture, PlaybackConverter converter) {
        this.out = out;
        this.in = in;
        this.capture = capture;
        this.converter = converter;
    }

    /**
     * Opens and starts the line.
     *
     * @param playbackDevice the name (or a unique part of it) of the mixer that plays to the caller
     * @param captureDevice the name (or a unique part of it) of the mixer that captures the caller
     * @throws AudioDeviceException when a device is missing, busy or cannot carry the audio
     */
    public static SoundLine open(String playbackDevice, String captureDevice) {
        Mixer playMixer = AudioDevices.find(playbackDevice, true);
        Mixer captureMixer = AudioDevices.find(captureDevice, false);
        String playName = playMixer.getMixerInfo().getName();
        String captureName = captureMixer.getMixerInfo().getName();
        AudioFormat playFormat = pick(playMixer, SourceDataLine.class, playName, "playback");
        AudioFormat captureFormat = pick(captureMixer, TargetDataLine.class, captureName, "capture");
        SourceDataLine out = null;
        TargetDataLine in = null;
        try {
            out = (SourceDataLine) playMixer.getLine(new DataLine.Info(SourceDataLine.class, playFormat));
            out.open(playFormat, bufferBytes(playFormat));
            in = (TargetDataLine) captureMixer.getLine(new DataLine.Info(TargetDataLine.class, captureFormat));
            in.open(captureFormat, bufferBytes(captureFormat));
        } catch (LineUnavailableException | IllegalArgumentException | IllegalStateException | SecurityException e) {
            String which =
                    out == null || !out.isOpen() ? "playback device \"" + playName : "capture device \"" + captureName;
            closeQuietly(out);
            closeQuietly(in);
            throw new AudioDeviceException(
                    which + "\" is busy or unavailable (" + e.getMessage()
                            + "); close other programs using it or choose another device",
                    e);
        }
        InputStream capture = captureFormat.matches(FORMAT)
                ? new AudioInputStream(in)
                : AudioSystem.getAudioInputStream(FORMAT, new AudioInputStream(in));
        PlaybackConverter converter = playFormat.matches(FORMAT) ? null : new PlaybackConverter(out, playFormat);
        if (!playFormat.matches(FORMAT) || !captureFormat.matches(FORMAT)) {
            log.info(
                    "Converting 8 kHz mono: playback {} as {}, capture {} as {}",
                    playName,
                    playFormat,
                    captureName,
                    captureFormat);
        }
        byte[] lead = new byte[SAMPLE_RATE * PREFILL_MILLIS / 1000 * 2];
        if (converter != null) {
            converter.write(lead, lead.length);
        } else {
            out.write(lead, 0, lead.length);
        }
        out.start();
        in.start();
        return new SoundLine(out, in, capture, converter);
    }

    @Override
    public void write(short[] pcm, int off, int len) {
        byte[] b = toBytes(pcm, off, len);
        if (converter != null) {
            converter.write(b, len * 2);
        } else {
            out.write(b, 0, len * 2);
        }
    }

    @Override
    public void discardQueued() {
        if (converter != null) {
            converter.discard();
        }
        out.flush();
    }

    @Override
    public int read(short[] pcm, int off, int len) {
        byte[] b = new byte[len * 2];
        int got = 0;
        try {
            while (got < b.length) {
                int n = capture.read(b, got, b.length - got);
                if (n < 0) {
                    return -1;
                }
                got += n;
            }
        } catch (IOException e) {
            throw new AudioDeviceException("capture device stopped: " + e.getMessage(), e);
        }
        for (int i = 0; i < len; i++) {
            pcm[off + i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
        }
        return len;
    }

    @Override
    public boolean released() {
        return false;
    }

    @Override
    public void close() {
        if (converter != null) {
            converter.close();
        }
        closeQuietly(out);
        closeQuietly(in);
    }

    private byte[] toBytes(short[] pcm, int off, int len) {
        if (bytes.length < len * 2) {
            bytes = new byte[len * 2];
        }
        for (int i = 0; i < len; i++) {
            short s = pcm[off + i];
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }

    /** The line format when the mixer takes it, else the first 16-bit PCM format it takes that can be converted. */
    private static AudioFormat pick(Mixer mixer, Class<?> type, String name, String what) {
        if (mixer.isLineSupported(new DataLine.Info(type, FORMAT))) {
            return FORMAT;
        }
        List<String> tried = new ArrayList<>();
        for (float rate : FALLBACK_RATES) {
            for (int channels = 1; channels <= 2; channels++) {
                for (boolean bigEndian : new boolean[] {false, true}) {
                    AudioFormat f = new AudioFormat(rate, 16, channels, true, bigEndian);
                    boolean convertible = type == SourceDataLine.class
                            ? AudioSystem.isConversionSupported(f, FORMAT)
                            : AudioSystem.isConversionSupported(FORMAT, f);
                    if (convertible && mixer.isLineSupported(new DataLine.Info(type, f))) {
                        return f;
                    }
                }
            }
            tried.add((int) rate + " Hz");
        }
        throw new AudioDeviceException(what + " device \"" + name + "\" takes no 16-bit PCM format at " + tried
                + " mono or stereo; choose another device");
    }

    private static int bufferBytes(AudioFormat f) {
        return Math.max(f.getFrameSize(), (int) (f.getFrameRate() * BUFFER_MILLIS / 1000) * f.getFrameSize());
    }

    private static void closeQuietly(javax.sound.sampled.Line line) {
        if (line != null) {
            try {
                line.close();
            } catch (RuntimeException e) {
                log.debug("closing {} failed", line.getLineInfo(), e);
            }
        }
    }

    /**
     * Converts the 8 kHz stream for a playback device that needs another format. One long-lived conversion
     * stream (so the resampler sees continuous audio) is read by a thread that writes to the device.
     */
    private static final class PlaybackConverter {
        private final ByteQueue queue = new ByteQueue();
        private final Thread pump;

        PlaybackConverter(SourceDataLine out, AudioFormat deviceFormat) {
            AudioInputStream converted = AudioSystem.getAudioInputStream(
                    deviceFormat, new AudioInputStream(queue, FORMAT, AudioSystem.NOT_SPECIFIED));
            pump = new Thread(
                    () -> {
                        byte[] buf = new byte[deviceFormat.getFrameSize() * 256];
                        try {
                            int n;
                            while ((n = converted.read(buf, 0, buf.length)) > 0) {
                                out.write(buf, 0, n - n % deviceFormat.getFrameSize());
                            }
                        } catch (IOException e) {
                            log.warn("playback conversion stopped", e);
                        }
                    },
                    "cx-playback-converter");
            pump.setDaemon(true);
            pump.start();
        }

        void write(byte[] b, int len) {
            queue.put(b, len);
        }

        void discard() {
            queue.clear();
        }

        void close() {
            queue.close();
            try {
                pump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A blocking byte queue read as an InputStream; reads wait for data until closed. */
    private static final class ByteQueue extends InputStream {
        private byte[] data = new byte[4096];
        private int head;
        private int size;
        private boolean closed;
        private long taken;

        synchronized void put(byte[] b, int len) {
            if (size + len > data.length) {
                byte[] bigger = new byte[Math.max(data.length * 2, size + len)];
                for (int i = 0; i < size; i++) {
                    bigger[i] = data[(head + i) % data.length];
                }
                data = bigger;
                head = 0;
            }
            for (int i = 0; i < len; i++) {
                data[(head + size + i) % data.length] = b[i];
            }
            size += len;
            notifyAll();
        }

        /** Drops what is queued, except the rest of a sample the reader has half read, so samples stay aligned. */
        synchronized void clear() {
            size = Math.min(size, (int) (taken % 2));
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            while (size == 0 && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (size == 0) {
                return -1;
            }
            int n = Math.min(len, size);
            for (int i = 0; i < n; i++) {
                b[off + i] = data[(head + i) % data.length];
            }
            head = (head + n) % data.length;
            size -= n;
            taken += n;
            return n;
        }

        @Override
        public synchronized int available() {
            return size;
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }
    }
}
