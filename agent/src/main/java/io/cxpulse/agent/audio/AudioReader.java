package io.cxpulse.agent.audio;

import io.cxpulse.agent.codec.G711;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Streams an audio file block by block as 16-bit mono PCM at a chosen rate, in memory that does not depend on the
 * file's length: one channel or the mix of all, rate converted on the fly.
 *
 * <p>WAV files are parsed here: PCM of 8 to 32 bits, IEEE float, µ-law (format tag 7) and A-law (tag 6), plain or as
 * WAVE_FORMAT_EXTENSIBLE, any chunk order after {@code fmt}. A data chunk that ends early is read up to where the file
 * ends and {@link #truncation()} says so; a data size of {@code 0xFFFFFFFF} or near it (what recorders writing to a
 * pipe put there) means "up to the end". Other containers (AU, AIFF) go through {@code javax.sound}'s own streaming
 * readers.
 */
public final class AudioReader implements Closeable {

    /** Which channel of a multi-channel file is read. */
    public enum Channel {
        /** The first channel. */
        LEFT,
        /** The second channel (the only one of a mono file). */
        RIGHT,
        /** The average of all channels. */
        MIX;

        /** Parses {@code left}, {@code right} or {@code mix}, any case. */
        public static Channel parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("channel must be left, right or mix, got '" + s + "'", e);
            }
        }
    }

    /** Sample encodings the reader decodes. */
    private enum Encoding {
        SIGNED,
        UNSIGNED,
        FLOAT,
        ULAW,
        ALAW
    }

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 3;
    private static final int WAVE_FORMAT_ALAW = 6;
    private static final int WAVE_FORMAT_MULAW = 7;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Data sizes from here up mean "until the end of the stream" (recorders writing to a pipe). */
    private static final long UNKNOWN_SIZE = 0x7FFF_F000L;

    private static final int READ_BYTES = 1 << 16;
    private static final short[] ULAW = new short[256];
    private static final short[] ALAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW[i] = G711.ulawToLinear((byte) i);
            ALAW[i] = G711.alawToLinear((byte) i);
        }
    }

    private final String name;
    private final InputStream in;
    private final int sourceRate;
    private final int targetRate;
    private final int channels;
    private final int bytesPerSample;
    private final int frameSize;
    private final boolean bigEndian;
    private final Encoding encoding;
    private final Channel channel;
    private final String description;
    private final Resampler resampler;
    /** Bytes of audio data still expected; -1 when the stream runs to its end. */
    private long remaining;

    private final ReadableByteChannel source;
    /** Bytes read and not yet decoded, between position and limit. */
    private final ByteBuffer buf;
    /** 16-bit view of {@code buf} for the common layout, made after each refill. */
    private ShortBuffer shorts;

    private float[] mono;
    private float[] converted;
    private int convertedAt;
    private int convertedEnd;
    private boolean sourceDone;
    private boolean ended;
    private String truncation;
    private long framesRead;

    private AudioReader(
            String name, InputStream in, ReadableByteChannel source, Header h, Channel channel, int targetRate)
            throws IOException {
        this.name = name;
        this.in = in;
        this.source = source;
        this.sourceRate = h.rate;
        this.targetRate = targetRate;
        this.channels = h.channels;
        this.bytesPerSample = h.bytesPerSample;
        this.frameSize = h.frameSize;
        this.bigEndian = h.bigEndian;
        this.encoding = h.encoding;
        this.channel = channel;
        this.remaining = h.dataBytes;
        this.description = h.description;
        if (channels < 1 || channels > 64) {
            throw new IOException(name + ": unsupported channel count " + channels);
        }
        if (frameSize < bytesPerSample * channels) {
            throw new IOException(name + ": frame size " + frameSize + " too small for " + channels + " channels");
        }
        if (sourceRate < 1000 || sourceRate > 768_000) {
            throw new IOException(name + ": unsupported sample rate " + sourceRate + " Hz");
        }
        this.buf = ByteBuffer.allocateDirect(Math.max(frameSize, READ_BYTES / frameSize * frameSize))
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        this.buf.flip();
        this.resampler = sourceRate == targetRate ? null : new Resampler(sourceRate, targetRate);
    }

    /**
     * Opens a file. Errors name the file: missing, unreadable, not audio, unsupported encoding.
     *
     * @param targetRate rate of the samples {@link #read} returns, 1000 to 384000 Hz
     */
    public static AudioReader open(Path file, Channel channel, int targetRate) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory");
        }
        FileChannel fc;
        try {
            fc = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        }
        return open(Channels.newInputStream(fc), fc, file.toString(), channel, targetRate);
    }

    /**
     * Reads audio from a stream (standard input, a socket); {@code name} is used in messages. The stream is closed with
     * the reader, and also when opening fails.
     */
    public static AudioReader open(InputStream stream, String name, Channel channel, int targetRate)
            throws IOException {
        return open(stream, null, name, channel, targetRate);
    }

    /** With {@code file} set, {@code stream} reads it, and the audio data is then read from the file directly. */
    private static AudioReader open(InputStream stream, FileChannel file, String name, Channel channel, int targetRate)
            throws IOException {
        if (targetRate < 1000 || targetRate > 384_000) {
            throw new IllegalArgumentException("target rate must be 1000..384000 Hz, got " + targetRate);
        }
        BufferedInputStream in = new BufferedInputStream(stream, READ_BYTES);
        try {
            in.mark(READ_BYTES);
            byte[] magic = in.readNBytes(12);
            if (magic.length == 12 && tag(magic, 0, "RIFF") && tag(magic, 8, "WAVE")) {
                Header h = readWavHeader(in, name);
                if (file != null) {
                    file.position(h.dataOffset);
                    return new AudioReader(name, in, file, h, channel, targetRate);
                }
                return new AudioReader(name, in, Channels.newChannel(in), h, channel, targetRate);
            }
            if (magic.length == 0) {
                throw new IOException(name + ": empty file, not audio");
            }
            in.reset();
            Header h = javaSoundHeader(in, name);
            return new AudioReader(name, in, Channels.newChannel(in), h, channel, targetRate);
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Rate of the file's samples in Hz. */
    public int sourceRate() {
        return sourceRate;
    }

    /** Rate of the samples {@link #read} returns in Hz. */
    public int targetRate() {
        return targetRate;
    }

    /** The file's layout, e.g. {@code "WAV µ-law 8000 Hz 1 channel"}. */
    public String description() {
        return description;
    }

    /**
     * Why the audio ended before its header said it would, once {@link #read} has returned -1; {@code null} when the file
     * was complete.
     */
    public String truncation() {
        return truncation;
    }

    /**
     * Reads up to {@code max} samples into {@code out} at {@code offset}; returns how many, at least 1, or -1 at the end
     * of the audio. Blocks until samples are available.
     */
    public int read(short[] out, int offset, int max) throws IOException {
        if (max <= 0) {
            return 0;
        }
        while (true) {
            if (convertedEnd > convertedAt) {
                int n = Math.min(max, convertedEnd - convertedAt);
                float[] c = converted;
                int at = convertedAt;
                for (int i = 0; i < n; i++) {
                    out[offset + i] = toShort(c[at + i]);
                }
                convertedAt += n;
                return n;
            }
            if (ended) {
                return -1;
            }
            if (resampler == null && encoding == Encoding.SIGNED && bytesPerSample == 2 && channels == 1) {
                return readPcm16Mono(out, offset, max);
            }
            fill();
        }
    }

    /** The common layout (16-bit mono at the target rate): a bulk copy, no float stage. */
    private int readPcm16Mono(short[] out, int offset, int max) throws IOException {
        while (buf.remaining() < 2) {
            if (!refill()) {
                ended = true;
                return -1;
            }
            shorts = buf.asShortBuffer();
        }
        int n = Math.min(max, shorts.remaining());
        shorts.get(out, offset, n);
        buf.position(buf.position() + 2 * n);
        framesRead += n;
        return n;
    }

    /** Decodes the next block of frames to mono floats and converts its rate. */
    private void fill() throws IOException {
        if (sourceDone) {
            converted = resampler.finish();
            convertedAt = 0;
            convertedEnd = converted.length;
            ended = true;
            return;
        }
        if (!refill()) {
            sourceDone = true;
            if (resampler == null) {
                ended = true;
            }
            return;
        }
        int frames = buf.remaining() / frameSize;
        if (mono == null) {
            mono = new float[buf.capacity() / frameSize];
        }
        decodeFrames(frames);
        buf.position(buf.position() + frames * frameSize);
        framesRead += frames;
        if (resampler == null) {
            converted = mono;
            convertedAt = 0;
            convertedEnd = frames;
        } else {
            converted = resampler.process(mono, frames);
            convertedAt = 0;
            convertedEnd = resampler.outputCount();
        }
    }

    /**
     * Reads until at least one whole frame is buffered; false at the end of the audio (a partial frame left over at the
     * end is dropped and reported as truncation).
     */
    private boolean refill() throws IOException {
        buf.compact();
        try {
            while (buf.position() < frameSize) {
                if (remaining == 0) {
                    return false;
                }
                if (remaining > 0 && remaining < buf.remaining()) {
                    buf.limit(buf.position() + (int) remaining);
                }
                int n = source.read(buf);
                buf.limit(buf.capacity());
                if (n < 0) {
                    if (remaining > 0) {
                        truncation = String.format(
                                Locale.ROOT,
                                "truncated: the data chunk ends %d bytes early, after %.3f s of audio",
                                remaining,
                                (double) framesRead / sourceRate);
                    } else if (buf.position() > 0) {
                        truncation = "truncated: the last frame is incomplete";
                    }
                    remaining = 0;
                    buf.position(0);
                    return false;
                }
                if (remaining > 0) {
                    remaining -= n;
                }
            }
            return true;
        } finally {
            buf.flip();
        }
    }

    private void decodeFrames(int frames) {
        float[] m = mono;
        int base = buf.position();
        if (channel == Channel.MIX && channels > 1) {
            float scale = 1f / channels;
            for (int f = 0; f < frames; f++) {
                float sum = 0;
                int at = base + f * frameSize;
                for (int c = 0; c < channels; c++) {
                    sum += sample(at + c * bytesPerSample);
                }
                m[f] = sum * scale;
            }
        } else {
            int at = base + (channel == Channel.RIGHT && channels > 1 ? bytesPerSample : 0);
            for (int f = 0; f < frames; f++) {
                m[f] = sample(at + f * frameSize);
            }
        }
    }

    /** One sample at byte {@code at}, scaled to the 16-bit range. */
    private float sample(int at) {
        ByteBuffer b = buf;
        switch (encoding) {
            case ULAW:
                return ULAW[b.get(at) & 0xFF];
            case ALAW:
                return ALAW[b.get(at) & 0xFF];
            default:
                break;
        }
        int size = bytesPerSample;
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (b.get(bigEndian ? at + i : at + size - 1 - i) & 0xFF);
        }
        switch (encoding) {
            case FLOAT:
                return size == 4
                        ? Float.intBitsToFloat((int) v) * 32768f
                        : (float) (Double.longBitsToDouble(v) * 32768.0);
            case UNSIGNED:
                return (float) ((v - (1L << (size * 8 - 1))) * Math.scalb(1.0, 16 - size * 8));
            default:
                int shift = 64 - size * 8;
                return (float) (((v << shift) >> shift) * Math.scalb(1.0, 16 - size * 8));
        }
    }

    private static short toShort(float v) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            in.close();
        }
    }

    /** What the reader needs to know about the file. */
    private record Header(
            int rate,
            int channels,
            int bytesPerSample,
            int frameSize,
            boolean bigEndian,
            Encoding encoding,
            long dataBytes,
            long dataOffset,
            String description) {}

    private static Header readWavHeader(InputStream in, String name) throws IOException {
        byte[] fmt = null;
        byte[] chunk = new byte[8];
        long offset = 12;
        while (true) {
            if (in.readNBytes(chunk, 0, 8) < 8) {
                throw new IOException(name + ": not audio: WAV file without " + (fmt == null ? "fmt" : "data")
                        + " chunk (truncated header?)");
            }
            long size = le32(chunk, 4);
            offset += 8;
            if (tag(chunk, 0, "fmt ")) {
                if (size < 16 || size > 4096) {
                    throw new IOException(name + ": not audio: bad WAV fmt chunk size " + size);
                }
                fmt = in.readNBytes((int) size);
                if (fmt.length < size) {
                    throw new IOException(name + ": not audio: WAV fmt chunk cut short");
                }
                if ((size & 1) != 0) {
                    in.skipNBytes(1);
                }
                offset += size + (size & 1);
            } else if (tag(chunk, 0, "data")) {
                if (fmt == null) {
                    throw new IOException(name + ": not audio: WAV data chunk before its fmt chunk");
                }
                return wavFormat(fmt, size >= UNKNOWN_SIZE ? -1 : size, offset, name);
            } else {
                try {
                    in.skipNBytes(size + (size & 1));
                    offset += size + (size & 1);
                } catch (EOFException e) {
                    throw new IOException(
                            name + ": not audio: WAV file without " + (fmt == null ? "fmt" : "data") + " chunk", e);
                }
            }
        }
    }

    private static Header wavFormat(byte[] fmt, long dataBytes, long dataOffset, String name) throws IOException {
        int tag = le16(fmt, 0);
        int channels = le16(fmt, 2);
        long rate = le32(fmt, 4);
        int blockAlign = le16(fmt, 12);
        int bits = le16(fmt, 14);
        boolean extensible = tag == WAVE_FORMAT_EXTENSIBLE;
        if (extensible) {
            if (fmt.length < 40) {
                throw new IOException(name + ": not audio: WAVE_FORMAT_EXTENSIBLE fmt chunk of " + fmt.length
                        + " bytes, 40 expected");
            }
            tag = le16(fmt, 24);
        }
        Encoding encoding;
        String what;
        switch (tag) {
            case WAVE_FORMAT_PCM -> {
                if (bits < 1 || bits > 32) {
                    throw new IOException(name + ": unsupported WAV PCM sample size " + bits + " bits");
                }
                encoding = bits <= 8 ? Encoding.UNSIGNED : Encoding.SIGNED;
                what = bits + "-bit PCM";
            }
            case WAVE_FORMAT_IEEE_FLOAT -> {
                if (bits != 32 && bits != 64) {
                    throw new IOException(name + ": unsupported WAV float sample size " + bits + " bits");
                }
                encoding = Encoding.FLOAT;
                what = bits + "-bit float";
            }
            case WAVE_FORMAT_MULAW -> {
                encoding = Encoding.ULAW;
                what = "µ-law";
                bits = 8;
            }
            case WAVE_FORMAT_ALAW -> {
                encoding = Encoding.ALAW;
                what = "A-law";
                bits = 8;
            }
            default ->
                throw new IOException(String.format(
                        Locale.ROOT, "%s: unsupported WAV encoding (format tag %d, 0x%04X)", name, tag, tag));
        }
        int bytesPerSample = (bits + 7) / 8;
        if (blockAlign == 0) {
            blockAlign = bytesPerSample * channels;
        }
        if (channels == 0) {
            throw new IOException(name + ": not audio: WAV with 0 channels");
        }
        if (rate <= 0 || rate > Integer.MAX_VALUE) {
            throw new IOException(name + ": not audio: WAV sample rate " + rate);
        }
        String description = String.format(
                Locale.ROOT,
                "WAV%s %s %d Hz %d channel%s",
                extensible ? " (extensible)" : "",
                what,
                rate,
                channels,
                channels == 1 ? "" : "s");
        return new Header(
                (int) rate, channels, bytesPerSample, blockAlign, false, encoding, dataBytes, dataOffset, description);
    }

    private static Header javaSoundHeader(InputStream in, String name) throws IOException {
        AudioInputStream ais;
        try {
            ais = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(name + ": not audio (neither WAV, AU nor AIFF)", e);
        }
        AudioFormat f = ais.getFormat();
        AudioFormat.Encoding enc = f.getEncoding();
        Encoding encoding;
        int bits = f.getSampleSizeInBits();
        if (enc.equals(AudioFormat.Encoding.ULAW)) {
            encoding = Encoding.ULAW;
            bits = 8;
        } else if (enc.equals(AudioFormat.Encoding.ALAW)) {
            encoding = Encoding.ALAW;
            bits = 8;
        } else if (enc.equals(AudioFormat.Encoding.PCM_SIGNED)) {
            encoding = Encoding.SIGNED;
        } else if (enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
            encoding = Encoding.UNSIGNED;
        } else if (enc.equals(AudioFormat.Encoding.PCM_FLOAT)) {
            encoding = Encoding.FLOAT;
        } else {
            throw new IOException(name + ": unsupported encoding " + enc);
        }
        if (bits < 1 || bits > (encoding == Encoding.FLOAT ? 64 : 32)) {
            throw new IOException(name + ": unsupported sample size " + bits + " bits");
        }
        int bytesPerSample = (bits + 7) / 8;
        int frameSize = f.getFrameSize() > 0 ? f.getFrameSize() : bytesPerSample * f.getChannels();
        long frames = ais.getFrameLength();
        long dataBytes = frames == AudioSystem.NOT_SPECIFIED || frames <= 0 ? -1 : frames * frameSize;
        return new Header(
                Math.round(f.getSampleRate()),
                f.getChannels(),
                bytesPerSample,
                frameSize,
                f.isBigEndian(),
                encoding,
                dataBytes,
                -1,
                f.toString());
    }

    private static boolean tag(byte[] b, int at, String id) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
