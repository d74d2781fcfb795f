package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stable {@code dtmf generate} and {@code dtmf decode} forms, run against the shaded jar. */
class DtmfCliIT {

    private static final Path JAR = Path.of("target", "cx-agent.jar");

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), args);
    }

    private static Result runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("shaded jar (run mvn package first)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void generateThenDecodeThroughTheJar() throws Exception {
        Path a = dir.resolve("a.wav");
        Path b = dir.resolve("b.wav");
        Path bad = dir.resolve("bad.wav");
        assertThat(run("dtmf", "generate", "--digits", "5#10", "--out", a.toString())
                        .status())
                .isZero();
        assertThat(run(
                                "dtmf",
                                "generate",
                                "--digits",
                                "*9D",
                                "--out",
                                b.toString(),
                                "--tone-ms",
                                "45",
                                "--gap-ms",
                                "45",
                                "--level-dbm0",
                                "-22",
                                "--twist-db",
                                "-3",
                                "--freq-offset-pct",
                                "-1.2",
                                "--rate",
                                "44100")
                        .status())
                .isZero();
        Files.writeString(bad, "garbage");

        Result one = run("dtmf", "decode", a.toString());
        assertThat(one.status()).isZero();
        assertThat(one.out()).isEqualTo("5#10" + System.lineSeparator());

        Result several = run("dtmf", "decode", a.toString(), bad.toString(), b.toString());
        assertThat(several.status()).isEqualTo(1);
        assertThat(several.out().lines()).containsExactly(a + "\t5#10", b + "\t*9D");
        assertThat(several.err().lines()).hasSize(1);
        assertThat(several.err()).contains("bad.wav");
    }

    @Test
    void longAudioIsCompiledByTheFirstTierOnlyAndShortAudioIsLeftAlone() throws Exception {
        // 20 keys each followed by 12 s of silence: 4 minutes, 3.9 MB, far more half-blocks than C2 waits for.
        Path longWav = dir.resolve("long.wav");
        Path shortWav = dir.resolve("short.wav");
        assertThat(run(
                                "dtmf",
                                "generate",
                                "--digits",
                                "0123456789*#ABCD0123",
                                "--gap-ms",
                                "12000",
                                "--out",
                                longWav.toString())
                        .status())
                .isZero();
        assertThat(Files.size(longWav)).isGreaterThan(FirstTierDecoding.MIN_BYTES);
        assertThat(run("dtmf", "generate", "--digits", "7", "--out", shortWav.toString())
                        .status())
                .isZero();
        // -XX:+PrintCompilation reports each method that C2 refuses; the JVM's own output goes to a file of its own, so
        // that the compiler threads' lines cannot interleave with the keys the command prints.
        Path bigLog = dir.resolve("big-vm.log");
        Result big = runWith(compilationLog(bigLog), "dtmf", "decode", longWav.toString());
        assertThat(big.status()).isZero();
        assertThat(Files.readAllLines(bigLog))
                .anyMatch(l -> l.contains("io.cxpulse.agent.dtmf.DtmfReceiver::")
                        && l.contains("not compilable on level 4")
                        && l.contains("excluded by CompileCommand"));
        assertThat(big.out().lines()).contains("0123456789*#ABCD0123");
        Path smallLog = dir.resolve("small-vm.log");
        Result small = runWith(compilationLog(smallLog), "dtmf", "decode", shortWav.toString());
        assertThat(small.status()).isZero();
        assertThat(Files.readString(smallLog))
                .contains("io.cxpulse.agent.dtmf.DtmfReceiver::")
                .doesNotContain("excluded by CompileCommand");
        assertThat(small.out().lines()).contains("7");
    }

    /** JVM options that write each compilation, and nothing else of the JVM's, to {@code log} instead of the output. */
    private static List<String> compilationLog(Path log) {
        return List.of(
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+PrintCompilation",
                "-XX:-DisplayVMOutput",
                "-XX:+LogVMOutput",
                "-XX:LogFile=" + log);
    }
}
