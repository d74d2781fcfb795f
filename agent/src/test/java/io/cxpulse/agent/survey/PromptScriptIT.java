package io.cxpulse.agent.survey;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.testkit.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt script regenerates every shipped prompt in the telephone format, about as long as the committed ones. */
class PromptScriptIT {
    private static final List<String> PROMPTS = List.of(
            "language",
            "en/greeting",
            "en/csat",
            "en/nps",
            "en/resolved",
            "en/thanks",
            "en/invalid",
            "zh/greeting",
            "zh/csat",
            "zh/nps",
            "zh/resolved",
            "zh/thanks",
            "zh/invalid");

    @Test
    void regeneratesThePrompts(@TempDir Path out) throws Exception {
        Requirements.binary("espeak-ng");
        Requirements.binary("sox");
        ProcessBuilder pb = new ProcessBuilder("sh", "src/main/prompts/make-prompts.sh").redirectErrorStream(true);
        pb.environment().put("PROMPTS_OUT", out.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        PromptLibrary shipped = new PromptLibrary();
        for (String name : PROMPTS) {
            Path wav = out.resolve(name + ".wav");
            AudioFileFormat f = AudioSystem.getAudioFileFormat(wav.toFile());
            assertThat(f.getFormat().getSampleRate()).as(name).isEqualTo(8000f);
            assertThat(f.getFormat().getChannels()).as(name).isEqualTo(1);
            assertThat(f.getFormat().getSampleSizeInBits()).as(name).isEqualTo(16);
            double made = WavFiles.read8kMono(wav).length / 8000.0;
            double committed = shipped.audio("classpath:prompts/" + name + ".wav").length / 8000.0;
            assertThat(made).as(name).isBetween(committed * 0.8, committed * 1.2);
        }
    }
}
