package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stable command line, against the shaded jar: caller audio from {@code dtmf generate}, then {@code survey simulate}. */
class SurveySimulateJarIT {
    private static final Path JAR = Path.of("target", "cx-agent.jar");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run jar(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar (built by mvn package)").exists();
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void simulateAnswersKeyedWithDtmfGenerate() throws Exception {
        Path caller = dir.resolve("caller.wav");
        Run gen = jar("dtmf", "generate", "--digits", "5101", "--out", caller.toString());
        assertThat(gen.exit()).as(gen.err()).isZero();

        Path heard = dir.resolve("heard.wav");
        Run sim = jar("survey", "simulate", "--caller", caller.toString(), "--record-out", heard.toString());
        assertThat(sim.exit()).as(sim.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(sim.out());
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.get("answers").toString()).isEqualTo("{\"csat\":5,\"nps\":10,\"resolved\":true}");
        assertThat(Files.size(heard)).isGreaterThan(44);

        Run zh = jar("survey", "simulate", "--caller", caller.toString(), "--lang", "zh");
        assertThat(zh.exit()).as(zh.err()).isZero();
        assertThat(new ObjectMapper().readTree(zh.out()).get("language").asText())
                .isEqualTo("zh");
    }

    @Test
    void simulateRefusesAMissingCallerFile() throws Exception {
        Run sim =
                jar("survey", "simulate", "--caller", dir.resolve("missing.wav").toString());
        assertThat(sim.exit()).isEqualTo(1);
        assertThat(sim.err()).startsWith("cx-agent survey simulate: ").contains("missing.wav");
        assertThat(sim.out()).isEmpty();
    }
}
