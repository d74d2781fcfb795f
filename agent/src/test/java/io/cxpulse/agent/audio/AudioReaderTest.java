package io.cxpulse.agent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cxpulse.agent.codec.G711;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The WAV layouts recorders write, built byte by byte, read block by block. */
class AudioReaderTest {

    private static final String KEYS = "147*2580369#ABCD";

    @TempDir
    Path dir;

    /** A RIFF/WAVE file: fmt chunk as given, an extra chunk before the data, then the data chunk. */
    static byte[] wav(int tag, int channels, int rate, int bits, boolean extensible, byte[] data, long declaredData) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int blockAlign = channels * ((bits + 7) / 8);
        ByteBuffer fmt = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) (extensible ? 0xFFFE : tag))
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits);
        if (extensible) {
            fmt.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 4);
            // KSDATAFORMAT_SUBTYPE_xxx: the format tag, then 00000000-0010-8000-00AA00389B71
            fmt.putShort((short) tag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        byte[] list = "LIST\u0005\0\0\0INFOx\0".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer head =
                ByteBuffer.allocate(12 + 8 + fmt.capacity() + list.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        head.put("RIFF".getBytes()).putInt((int) (4 + 8 + fmt.capacity() + list.length + 8 + declaredData));
        head.put("WAVE".getBytes())
                .put("fmt ".getBytes())
                .putInt(fmt.capacity())
                .put(fmt.array());
        head.put(list); // odd size 5 plus its pad byte
        head.put("data".getBytes()).putInt((int) declaredData);
        out.writeBytes(head.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] pcm16(short[] left, short[] right) {
        int channels = right == null ? 1 : 2;
        ByteBuffer b = ByteBuffer.allocate(left.length * 2 * channels).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < left.length; i++) {
            b.putShort(left[i]);
            if (right != null) {
                b.putShort(right[i]);
            }
        }
        return b.array();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Reads the whole file in small, odd-sized blocks, as a stream would arrive. */
    private static short[] readAll(AudioReader r) throws IOException {
        short[] all = new short[1024];
        short[] block = new short[317];
        int n = 0;
        int got;
        while ((got = r.read(block, 0, block.length)) >= 0) {
            assertThat(got).isPositive();
            if (n + got > all.length) {
                all = Arrays.copyOf(all, 2 * (n + got));
            }
            System.arraycopy(block, 0, all, n, got);
            n += got;
        }
        return Arrays.copyOf(all, n);
    }

    private static short[] keys(int rate) {
        return new DtmfGenerator(rate).withToneMs(60).withGapMs(60).digits(KEYS);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 44100, 48000})
    void sixteenBitMonoAtTheUsualRatesDecodes(int rate) throws IOException {
        byte[] data = pcm16(keys(rate), null);
        Path p = file("m.wav", wav(1, 1, rate, 16, false, data, data.length));
        try (AudioReader r = AudioReader.open(p, AudioReader.Channel.MIX, 8000)) {
            assertThat(r.sourceRate()).isEqualTo(rate);
            short[] pcm = readAll(r);
            assertThat(pcm.length).isCloseTo(keys(8000).length, within(2));
            assertThat(DtmfReceiver.decodeDigits(pcm, 8000)).isEqualTo(KEYS);
            assertThat(r.truncation()).isNull();
        }
    }

    @Test
    void eightKilohertzSixteenBitMonoIsReadExactly() throws IOException {
        short[] pcm = keys(8000);
        byte[] data = pcm16(pcm, null);
        Path p = file("exact.wav", wav(1, 1, 8000, 16, false, data, data.length));
        try (AudioReader r = AudioReader.open(p, AudioReader.Channel.MIX, 8000)) {
            assertThat(readAll(r)).containsExactly(pcm);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 44100, 48000})
    void stereoGivesTheChosenChannelOrTheMix(int rate) throws IOException {
        short[] keys = keys(rate);
        short[] quiet = new short[keys.length];
        byte[] data = pcm16(keys, quiet);
        for (boolean extensible : new boolean[] {false, true}) {
            Path p = file("s.wav", wav(1, 2, rate, 16, extensible, data, data.length));
            for (AudioReader.Channel c : AudioReader.Channel.values()) {
                try (AudioReader r = AudioReader.open(p, c, 8000)) {
                    short[] pcm = readAll(r);
                    String expected = c == AudioReader.Channel.RIGHT ? "" : KEYS;
                    assertThat(DtmfReceiver.decodeDigits(pcm, 8000))
                            .as("%d Hz %s extensible=%s", rate, c, extensible)
                            .isEqualTo(expected);
                }
            }
        }
        // the mix is the average: the left channel at half amplitude
        Path p = file("s.wav", wav(1, 2, 8000, 16, false, pcm16(keys(8000), new short[keys(8000).length]), -1));
        try (AudioReader r = AudioReader.open(p, AudioReader.Channel.MIX, 8000)) {
            short[] pcm = readAll(r);
            short[] left = keys(8000);
            for (int i = 0; i < pcm.length; i += 97) {
                assertThat((int) pcm[i]).isCloseTo(left[i] / 2, within(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 7})
    void eightBitALawAndMuLawPlainAndExtensible(int tag) throws IOException {
        short[] pcm = keys(8000);
        byte[] codes = tag == 7 ? G711.encodeUlaw(pcm) : G711.encodeAlaw(pcm);
        short[] expected = tag == 7 ? G711.decodeUlaw(codes) : G711.decodeAlaw(codes);
        for (boolean extensible : new boolean[] {false, true}) {
            Path p = file("law.wav", wav(tag, 1, 8000, 8, extensible, codes, codes.length));
            try (AudioReader r = AudioReader.open(p, AudioReader.Channel.MIX, 8000)) {
                assertThat(r.description()).contains(tag == 7 ? "µ-law" : "A-law");
                assertThat(readAll(r)).as("extensible=%s", extensible).containsExactly(expected);
            }
        }
    }

    @Test
    void extensibleSixteenBitIsReadLikePlain() throws IOException {
        short[] pcm = keys(16000);
        byte[] data = pcm16(pcm, null);
        short[] plain;
        try (AudioReader r = AudioReader.open(
                file("p.wav", wav(1, 1, 16000, 16, false, data, data.length)), AudioReader.Channel.MIX, 8000)) {
            plain = readAll(r);
        }
        try (AudioReader r = AudioReader.open(
                file("x.wav", wav(1, 1, 16000, 16, true, data, data.length)), AudioReader.Channel.MIX, 8000)) {
            assertThat(r.description()).contains("extensible");
            assertThat(readAll(r)).containsExactly(plain);
        }
    }

    @Test
    void truncatedFileGivesWhatIsThereAndSaysSo() throws IOException {
        short[] pcm = keys(8000);
        byte[] data = pcm16(pcm, null);
        int keep = data.length * 3 / 5 + 1; // an odd byte count: a partial sample at the end
        byte[] cut = Arrays.copyOf(data, keep);
        Path p = file("cut.wav", wav(1, 1, 8000, 16, false, cut, data.length));
        try (AudioReader r = AudioReader.open(p, AudioReader.Channel.MIX, 8000)) {
            short[] got = readAll(r);
            assertThat(got).containsExactly(Arrays.copyOf(pcm, keep / 2));
            assertThat(r.truncation()).startsWith("truncated").contains(String.valueOf(data.length - keep));
            assertThat(DtmfReceiver.decodeDigits(got, 8000)).isEqualTo(KEYS.substring(0, 10));
        }
    }

    @Test
    void streamWithUnknownDataSizeRunsToItsEnd() throws IOException {
        short[] pcm = keys(8000);
        byte[] data = pcm16(pcm, null);
        byte[] bytes = wav(1, 1, 8000, 16, false, data, 0xFFFFFFFFL);
        try (AudioReader r =
                AudioReader.open(new TrickleStream(bytes), "standard input", AudioReader.Channel.MIX, 8000)) {
            assertThat(readAll(r)).containsExactly(pcm);
            assertThat(r.truncation()).isNull();
        }
    }

    @Test
    void notAudioIsOneClearError() throws IOException {
        Path text = file("notes.wav", "this is not audio at all, just text\n".getBytes());
        assertThatThrownBy(() -> AudioReader.open(text, AudioReader.Channel.MIX, 8000))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(text + ": not audio");
        Path empty = file("empty.wav", new byte[0]);
        assertThatThrownBy(() -> AudioReader.open(empty, AudioReader.Channel.MIX, 8000))
                .hasMessageContaining("empty");
        Path headerOnly = file("header.wav", Arrays.copyOf(wav(1, 1, 8000, 16, false, new byte[0], 0), 30));
        assertThatThrownBy(() -> AudioReader.open(headerOnly, AudioReader.Channel.MIX, 8000))
                .hasMessageContaining("not audio");
        Path adpcm = file("adpcm.wav", wav(2, 1, 8000, 4, false, new byte[100], 100));
        assertThatThrownBy(() -> AudioReader.open(adpcm, AudioReader.Channel.MIX, 8000))
                .hasMessageContaining("format tag 2");
        assertThatThrownBy(() -> AudioReader.open(dir, AudioReader.Channel.MIX, 8000))
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> AudioReader.open(dir.resolve("nope.wav"), AudioReader.Channel.MIX, 8000))
                .hasMessageContaining("no such file");
    }

    @Test
    void channelNamesParse() {
        assertThat(AudioReader.Channel.parse("Left")).isEqualTo(AudioReader.Channel.LEFT);
        assertThat(AudioReader.Channel.parse("right")).isEqualTo(AudioReader.Channel.RIGHT);
        assertThat(AudioReader.Channel.parse("MIX")).isEqualTo(AudioReader.Channel.MIX);
        assertThatThrownBy(() -> AudioReader.Channel.parse("centre")).hasMessageContaining("left, right or mix");
    }

    /** Hands out at most 100 bytes per read, as a pipe may. */
    private static final class TrickleStream extends InputStream {
        private final ByteArrayInputStream in;

        TrickleStream(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 100));
        }
    }
}
