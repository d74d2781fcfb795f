package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.Pcm;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtmfCommandTest extends InProcessCli {

    @TempDir
    Path dir;

    @Test
    void generateThenDecodeOneFilePrintsOnlyTheDigits() {
        Path wav = dir.resolve("keys.wav");
        assertThat(run("dtmf", "generate", "--digits", "5#10", "--out", wav.toString()))
                .isZero();
        assertThat(Files.exists(wav)).isTrue();
        assertThat(run("dtmf", "decode", wav.toString())).isZero();
        assertThat(out.toString()).isEqualTo("5#10" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void generateOptionsShapeTheSignal() throws IOException {
        Path wav = dir.resolve("shaped.wav");
        assertThat(run(
                        "dtmf",
                        "generate",
                        "--digits",
                        "12",
                        "--out",
                        wav.toString(),
                        "--tone-ms",
                        "50",
                        "--gap-ms",
                        "25",
                        "--level-dbm0",
                        "-20",
                        "--twist-db",
                        "3",
                        "--freq-offset-pct",
                        "1",
                        "--rate",
                        "16000"))
                .isZero();
        short[] at16k = WavFiles.readMono(wav, 16000);
        assertThat(at16k).hasSize(2 * (800 + 400));
        assertThat(run("dtmf", "decode", wav.toString())).isZero();
        assertThat(out.toString().trim()).isEqualTo("12");
    }

    @Test
    void silenceDecodesToAnEmptyLine() throws IOException {
        Path wav = dir.resolve("silence.wav");
        WavFiles.write(wav, new short[8000], 8000);
        assertThat(run("dtmf", "decode", wav.toString())).isZero();
        assertThat(out.toString()).isEqualTo(System.lineSeparator());
    }

    @Test
    void severalFilesPrintPathTabDigitsInOrderAndBadOnesExitOne() throws IOException {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Path bad = dir.resolve("bad.wav");
        WavFiles.write(a, new DtmfGenerator(8000).digits("123"), 8000);
        WavFiles.write(b, new DtmfGenerator(8000).digits("*9#"), 8000);
        Files.writeString(bad, "not a wav");
        int status = run("dtmf", "decode", b.toString(), bad.toString(), a.toString());
        assertThat(status).isEqualTo(1);
        String nl = System.lineSeparator();
        assertThat(out.toString()).isEqualTo(b + "\t*9#" + nl + a + "\t123" + nl);
        assertThat(err.toString().trim().lines()).hasSize(1);
        assertThat(err.toString()).contains("bad.wav");
    }

    @Test
    void badDigitsAreRefusedWithThePosition() {
        assertThat(run(
                        "dtmf",
                        "generate",
                        "--digits",
                        "12x",
                        "--out",
                        dir.resolve("x.wav").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("position 3");
    }

    @Test
    void helpDocumentsTheOptions() {
        assertThat(run("dtmf", "generate", "--help")).isZero();
        assertThat(out.toString())
                .contains("--tone-ms", "--gap-ms", "--level-dbm0", "--twist-db", "--freq-offset-pct", "--rate");
    }

    @Test
    void timestampsGiveEachKeyWithItsStartTime() throws IOException {
        Path wav = dir.resolve("t.wav");
        // 500 ms of silence, then 5 at 0.500 s and # at 0.700 s (100 ms tones, 100 ms gaps)
        short[] pcm = Pcm.concat(new short[4000], new DtmfGenerator(8000).digits("5#"));
        WavFiles.write(wav, pcm, 8000);
        assertThat(run("dtmf", "decode", "--timestamps", wav.toString())).isZero();
        assertThat(out.toString().lines()).hasSize(2).allMatch(l -> l.matches("\\d+\\.\\d{3} [0-9*#A-D]"));
        assertStartsNear(out.toString().lines().toList(), "", 0.500, '5', 0.700, '#');
        out.getBuffer().setLength(0);
        Path other = dir.resolve("u.wav");
        WavFiles.write(other, new DtmfGenerator(8000).digits("9"), 8000);
        assertThat(run("dtmf", "decode", "--timestamps", wav.toString(), other.toString()))
                .isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertStartsNear(lines.subList(0, 2), wav + "\t", 0.500, '5', 0.700, '#');
        assertThat(lines.get(2)).isEqualTo(other + "\t0.000 9");
    }

    /** Each line is PREFIX + seconds + space + key, the time within one analysis half-block (6.4 ms) of the onset. */
    private static void assertStartsNear(List<String> lines, String prefix, Object... timesAndKeys) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(line).startsWith(prefix);
            String[] parts = line.substring(prefix.length()).split(" ");
            assertThat(Double.parseDouble(parts[0]))
                    .isBetween((double) timesAndKeys[2 * i] - 0.0065, (double) timesAndKeys[2 * i] + 0.0065);
            assertThat(parts[1]).isEqualTo(String.valueOf(timesAndKeys[2 * i + 1]));
        }
    }

    @Test
    void channelChoosesTheSideOfAStereoRecording() throws IOException {
        short[] caller = new DtmfGenerator(8000).digits("123");
        short[] agent = new DtmfGenerator(8000).digits("9");
        short[] agentPadded = Arrays.copyOf(agent, caller.length);
        Path wav = dir.resolve("stereo.wav");
        Files.write(wav, stereoWav(caller, agentPadded));
        assertThat(run("dtmf", "decode", "--channel", "left", wav.toString())).isZero();
        assertThat(run("dtmf", "decode", "--channel", "right", wav.toString())).isZero();
        String nl = System.lineSeparator();
        assertThat(out.toString()).isEqualTo("123" + nl + "9" + nl);
        assertThat(run("dtmf", "decode", "--channel", "centre", wav.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("left, right or mix");
    }

    @Test
    void dashReadsStandardInput() throws IOException {
        Path wav = dir.resolve("in.wav");
        WavFiles.write(wav, new DtmfGenerator(8000).digits("0*"), 8000);
        InputStream saved = System.in;
        try (InputStream in = Files.newInputStream(wav)) {
            System.setIn(in);
            assertThat(run("dtmf", "decode", "-")).isZero();
        } finally {
            System.setIn(saved);
        }
        assertThat(out.toString()).isEqualTo("0*" + System.lineSeparator());
    }

    @Test
    void truncatedFileDecodesWhatIsThereWithAWarning() throws IOException {
        Path wav = dir.resolve("cut.wav");
        WavFiles.write(wav, new DtmfGenerator(8000).digits("4567"), 8000);
        byte[] whole = Files.readAllBytes(wav);
        // 0.5625 s and a stray byte of the 0.8 s: three keys (200 ms each, tone first), half a gap, half a sample
        Files.write(wav, Arrays.copyOf(whole, 44 + 9001));
        assertThat(run("dtmf", "decode", wav.toString())).isZero();
        assertThat(out.toString()).isEqualTo("456" + System.lineSeparator());
        assertThat(err.toString().trim().lines()).hasSize(1);
        assertThat(err.toString()).contains("cut.wav", "truncated");
    }

    @Test
    void notAudioIsOneLineAndExitOneWhileTheOthersAreDecoded() throws IOException {
        Path good = dir.resolve("good.wav");
        WavFiles.write(good, new DtmfGenerator(8000).digits("8"), 8000);
        Path text = dir.resolve("readme.txt");
        Files.writeString(text, "hello\nworld\n");
        assertThat(run("dtmf", "decode", text.toString(), good.toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo(good + "\t8" + System.lineSeparator());
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("cx-agent dtmf decode: " + text + ": not audio");
    }

    @Test
    void helpDocumentsTheDecodeOptions() {
        assertThat(run("dtmf", "decode", "--help")).isZero();
        assertThat(out.toString()).contains("--channel", "--timestamps", "standard input");
    }

    /** 8 kHz 16-bit stereo WAV bytes. */
    private static byte[] stereoWav(short[] left, short[] right) {
        ByteBuffer b = ByteBuffer.allocate(44 + left.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + left.length * 4).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(8000)
                .putInt(32000);
        b.putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes()).putInt(left.length * 4);
        for (int i = 0; i < left.length; i++) {
            b.putShort(left[i]).putShort(right[i]);
        }
        return b.array();
    }
}
