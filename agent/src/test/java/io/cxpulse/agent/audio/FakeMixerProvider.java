package io.cxpulse.agent.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import javax.sound.sampled.spi.MixerProvider;

/**
 * javax.sound mixers that live in memory, so that the real {@link SoundLine} code runs on a machine without a
 * sound card. "CX Memory Loopback" captures what it plays (the self-test's path); "CX Memory Phone" captures the
 * caller audio a test gives it and keeps what it plays; "CX Memory Busy" is a device another program holds. These
 * take 8 kHz, 16-bit, mono only; "CX Memory Phone 16k Stereo" is a phone that takes 16 kHz stereo only, so that
 * the line must convert. Captures never wait: a capture that finds no audio gets silence.
 */
public final class FakeMixerProvider extends MixerProvider {
    public static final String LOOPBACK = "CX Memory Loopback";
    public static final String PHONE = "CX Memory Phone";
    public static final String BUSY = "CX Memory Busy";
    public static final String PHONE_16K_STEREO = "CX Memory Phone 16k Stereo";

    private static final AudioFormat LINE_FORMAT = new AudioFormat(8000f, 16, 1, true, false);
    private static final AudioFormat WIDE_FORMAT = new AudioFormat(16000f, 16, 2, true, false);

    private static final MemoryMixer[] MIXERS = {
        new MemoryMixer(LOOPBACK, Mode.LOOPBACK, LINE_FORMAT),
        new MemoryMixer(PHONE, Mode.PHONE, LINE_FORMAT),
        new MemoryMixer(BUSY, Mode.BUSY, LINE_FORMAT),
        new MemoryMixer(PHONE_16K_STEREO, Mode.PHONE, WIDE_FORMAT)
    };

    private enum Mode {
        LOOPBACK,
        PHONE,
        BUSY
    }

    /** Empties every buffer; then gives the phone's caller side this audio (8 kHz mono). */
    public static void reset(short[] callerAudio) {
        for (MemoryMixer m : MIXERS) {
            synchronized (m) {
                m.captureQueue.reset();
                m.played.reset();
                m.opened.clear();
            }
        }
        MemoryMixer phone = MIXERS[1];
        synchronized (phone) {
            for (short s : callerAudio) {
                phone.captureQueue.write(s & 0xff);
                phone.captureQueue.write((s >> 8) & 0xff);
            }
        }
        // the wide phone hears the same caller: each sample held for two 16 kHz frames, on both channels
        MemoryMixer wide = MIXERS[3];
        synchronized (wide) {
            for (short s : callerAudio) {
                for (int copy = 0; copy < 4; copy++) {
                    wide.captureQueue.write(s & 0xff);
                    wide.captureQueue.write((s >> 8) & 0xff);
                }
            }
        }
    }

    /** Frames (16 kHz, stereo) played to the 16k stereo phone so far. */
    public static long framesPlayedToWidePhone() {
        MemoryMixer wide = MIXERS[3];
        synchronized (wide) {
            return wide.played.size() / 4;
        }
    }

    /** What was played to the phone mixer, as 8 kHz samples. */
    public static short[] playedToPhone() {
        MemoryMixer phone = MIXERS[1];
        synchronized (phone) {
            byte[] b = phone.played.toByteArray();
            short[] out = new short[b.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
            }
            return out;
        }
    }

    /** Lines currently open on any memory mixer. */
    public static int openLines() {
        int n = 0;
        for (MemoryMixer m : MIXERS) {
            synchronized (m) {
                n += m.opened.size();
            }
        }
        return n;
    }

    private static volatile Mixer plugged;

    /** Adds a test's own mixer (for instance one whose lines fail) beside the memory mixers, until {@link #unplug}. */
    public static void plugIn(Mixer mixer) {
        plugged = mixer;
    }

    public static void unplug() {
        plugged = null;
    }

    @Override
    public Mixer.Info[] getMixerInfo() {
        Mixer extra = plugged;
        Mixer.Info[] out = new Mixer.Info[MIXERS.length + (extra == null ? 0 : 1)];
        for (int i = 0; i < MIXERS.length; i++) {
            out[i] = MIXERS[i].info;
        }
        if (extra != null) {
            out[MIXERS.length] = extra.getMixerInfo();
        }
        return out;
    }

    @Override
    public Mixer getMixer(Mixer.Info info) {
        for (MemoryMixer m : MIXERS) {
            if (m.info.equals(info)) {
                return m;
            }
        }
        Mixer extra = plugged;
        if (extra != null && extra.getMixerInfo().equals(info)) {
            return extra;
        }
        throw new IllegalArgumentException("not a memory mixer: " + info);
    }

    private static final class MemoryInfo extends Mixer.Info {
        MemoryInfo(String name) {
            super(name, "CX Pulse tests", "In-memory telephone line", "1");
        }
    }

    /** A byte queue: written at the end, read from the front. */
    private static final class Queue extends ByteArrayOutputStream {
        int readPos;

        int take(byte[] b, int off, int len) {
            int n = Math.min(len, count - readPos);
            System.arraycopy(buf, readPos, b, off, Math.max(n, 0));
            readPos += Math.max(n, 0);
            return Math.max(n, 0);
        }

        @Override
        public synchronized void reset() {
            super.reset();
            readPos = 0;
        }
    }

    /** The parts of a javax.sound line these devices leave out: no volume or other controls, no listeners. */
    private abstract static class NoControls implements Line {
        @Override
        public Control[] getControls() {
            return new Control[0];
        }

        @Override
        public boolean isControlSupported(Control.Type control) {
            return false;
        }

        @Override
        public Control getControl(Control.Type control) {
            throw new IllegalArgumentException("no controls");
        }

        @Override
        public void addLineListener(LineListener listener) {}

        @Override
        public void removeLineListener(LineListener listener) {}
    }

    private static final class MemoryMixer extends NoControls implements Mixer {
        final AudioFormat format;
        final MemoryInfo info;
        final Mode mode;
        final Queue captureQueue = new Queue();
        final ByteArrayOutputStream played = new ByteArrayOutputStream();
        final List<Line> opened = new ArrayList<>();
        final DataLine.Info sourceInfo;
        final DataLine.Info targetInfo;

        MemoryMixer(String name, Mode mode, AudioFormat format) {
            this.info = new MemoryInfo(name);
            this.mode = mode;
            this.format = format;
            this.sourceInfo = new DataLine.Info(SourceDataLine.class, new AudioFormat[] {format}, 800, 64000);
            this.targetInfo = new DataLine.Info(TargetDataLine.class, new AudioFormat[] {format}, 800, 64000);
        }

        @Override
        public Mixer.Info getMixerInfo() {
            return info;
        }

        @Override
        public Line.Info[] getSourceLineInfo() {
            return new Line.Info[] {sourceInfo};
        }

        @Override
        public Line.Info[] getTargetLineInfo() {
            return new Line.Info[] {targetInfo};
        }

        @Override
        public Line.Info[] getSourceLineInfo(Line.Info i) {
            return sourceInfo.matches(i) ? getSourceLineInfo() : new Line.Info[0];
        }

        @Override
        public Line.Info[] getTargetLineInfo(Line.Info i) {
            return targetInfo.matches(i) ? getTargetLineInfo() : new Line.Info[0];
        }

        @Override
        public boolean isLineSupported(Line.Info i) {
            return sourceInfo.matches(i) || targetInfo.matches(i);
        }

        @Override
        public Line getLine(Line.Info i) throws LineUnavailableException {
            if (sourceInfo.matches(i)) {
                return new MemoryDataLine(this, true);
            }
            if (targetInfo.matches(i)) {
                return new MemoryDataLine(this, false);
            }
            throw new IllegalArgumentException("line not supported: " + i);
        }

        @Override
        public int getMaxLines(Line.Info i) {
            return isLineSupported(i) ? 1 : 0;
        }

        @Override
        public synchronized Line[] getSourceLines() {
            return opened.stream().filter(l -> l instanceof SourceDataLine).toArray(Line[]::new);
        }

        @Override
        public synchronized Line[] getTargetLines() {
            return opened.stream().filter(l -> l instanceof TargetDataLine).toArray(Line[]::new);
        }

        @Override
        public void synchronize(Line[] lines, boolean maintainSync) {
            throw new IllegalArgumentException("synchronization not supported");
        }

        @Override
        public void unsynchronize(Line[] lines) {
            throw new IllegalArgumentException("synchronization not supported");
        }

        @Override
        public boolean isSynchronizationSupported(Line[] lines, boolean maintainSync) {
            return false;
        }

        @Override
        public Line.Info getLineInfo() {
            return new Line.Info(Mixer.class);
        }

        @Override
        public void open() {}

        @Override
        public void close() {}

        @Override
        public boolean isOpen() {
            return true;
        }
    }

    /** One playback or capture line of a memory mixer. */
    private static final class MemoryDataLine extends NoControls implements SourceDataLine, TargetDataLine {
        private final MemoryMixer mixer;
        private final boolean source;
        private AudioFormat format;
        private boolean open;
        private boolean running;
        private long frames;

        MemoryDataLine(MemoryMixer mixer, boolean source) {
            this.mixer = mixer;
            this.source = source;
        }

        @Override
        public void open(AudioFormat f, int bufferSize) throws LineUnavailableException {
            open(f);
        }

        @Override
        public void open(AudioFormat f) throws LineUnavailableException {
            if (mixer.mode == Mode.BUSY) {
                throw new LineUnavailableException("Device or resource busy");
            }
            if (!f.matches(mixer.format)) {
                throw new IllegalArgumentException("format not supported: " + f);
            }
            synchronized (mixer) {
                for (Line l : mixer.opened) {
                    if (((MemoryDataLine) l).source == source) {
                        throw new LineUnavailableException("already open");
                    }
                }
                mixer.opened.add(this);
            }
            format = f;
            open = true;
        }

        @Override
        public void open() throws LineUnavailableException {
            open(mixer.format);
        }

        @Override
        public int write(byte[] b, int off, int len) {
            if (!open) {
                throw new IllegalStateException("line not open");
            }
            synchronized (mixer) {
                if (mixer.mode == Mode.LOOPBACK) {
                    mixer.captureQueue.write(b, off, len);
                } else {
                    mixer.played.write(b, off, len);
                }
            }
            frames += len / mixer.format.getFrameSize();
            return len;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!open) {
                throw new IllegalStateException("line not open");
            }
            int n;
            synchronized (mixer) {
                n = mixer.captureQueue.take(b, off, len);
            }
            Arrays.fill(b, off + n, off + len, (byte) 0);
            frames += len / mixer.format.getFrameSize();
            return len;
        }

        @Override
        public void drain() {}

        @Override
        public void flush() {}

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isActive() {
            return running;
        }

        @Override
        public AudioFormat getFormat() {
            return format == null ? mixer.format : format;
        }

        @Override
        public int getBufferSize() {
            return 1600;
        }

        @Override
        public int available() {
            return source ? 1600 : 0;
        }

        @Override
        public int getFramePosition() {
            return (int) frames;
        }

        @Override
        public long getLongFramePosition() {
            return frames;
        }

        @Override
        public long getMicrosecondPosition() {
            return frames * 125;
        }

        @Override
        public float getLevel() {
            return AudioSystemLevel.UNKNOWN;
        }

        @Override
        public Line.Info getLineInfo() {
            return source ? mixer.sourceInfo : mixer.targetInfo;
        }

        @Override
        public void close() {
            synchronized (mixer) {
                mixer.opened.remove(this);
            }
            open = false;
            running = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }

    private static final class AudioSystemLevel {
        static final float UNKNOWN = AudioSystem.NOT_SPECIFIED;
    }
}
