package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void severalFilesPrintPathTabDigitsInOrderAndBadOnesExitTwo() throws IOException {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Path bad = dir.resolve("bad.wav");
        WavFiles.write(a, new DtmfGenerator(8000).digits("123"), 8000);
        WavFiles.write(b, new DtmfGenerator(8000).digits("*9#"), 8000);
        Files.writeString(bad, "not a wav");
        int status = run("dtmf", "decode", b.toString(), bad.toString(), a.toString());
        assertThat(status).isEqualTo(2);
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
}
