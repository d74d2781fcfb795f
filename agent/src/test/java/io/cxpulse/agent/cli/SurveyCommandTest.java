package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.testsupport.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cx-agent survey ...} and {@code cx-agent audio list} run in-process. */
class SurveyCommandTest extends InProcessCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void resetMixers() {
        FakeMixerProvider.reset(new short[0]);
    }

    private Path wav(String name, short[] pcm) throws IOException {
        Path p = dir.resolve(name);
        WavFiles.write(p, pcm, 8000);
        return p;
    }

    private Path keys(String name, double leadSeconds, String digits) throws IOException {
        return wav(name, TestAudio.concat(TestAudio.silence(leadSeconds), new DtmfGenerator(8000).digits(digits)));
    }

    @Test
    void simulatePrintsTheResultJson() throws IOException {
        Path caller = keys("caller.wav", 1, "5101");
        assertThat(run("survey", "simulate", "--caller", caller.toString())).isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.get("answers").toString()).isEqualTo("{\"csat\":5,\"nps\":10,\"resolved\":true}");
        assertThat(r.get("language").asText()).isEqualTo("en");
        assertThat(r.get("callId").asText()).isEqualTo("simulated");
        assertThat(r.get("questions")).hasSize(3);
        assertThat(r.get("questions").get(1).get("outcome").asText()).isEqualTo("answered");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void simulateInMandarinRecordsWhatTheCallerHeard() throws IOException {
        Path caller = keys("caller.wav", 1, "312");
        Path heard = dir.resolve("heard.wav");
        assertThat(run(
                        "survey",
                        "simulate",
                        "--caller",
                        caller.toString(),
                        "--lang",
                        "zh",
                        "--record-out",
                        heard.toString(),
                        "--call-id",
                        "c-42"))
                .isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("language").asText()).isEqualTo("zh");
        assertThat(r.get("callId").asText()).isEqualTo("c-42");
        assertThat(r.get("answers").toString()).isEqualTo("{\"csat\":3,\"nps\":1,\"resolved\":false}");
        short[] recorded = WavFiles.read8kMono(heard);
        // 1 s of greeting, then (barge-in) the thanks
        assertThat(recorded.length).isBetween(8000, 8000 * 4);
    }

    @Test
    void simulateWithBusyToneAndAskedLanguage() throws IOException {
        Path caller = wav(
                "busy.wav",
                TestAudio.concat(
                        TestAudio.silence(1),
                        new DtmfGenerator(8000).digits("2"),
                        TestAudio.silence(1),
                        new DtmfGenerator(8000).digits("4"),
                        TestAudio.busy450(4)));
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--ask-language"))
                .isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("status").asText()).isEqualTo("abandoned");
        assertThat(r.get("hangup").asText()).isEqualTo("busy-tone");
        assertThat(r.get("language").asText()).isEqualTo("zh");
        assertThat(r.get("answers").toString()).isEqualTo("{\"csat\":4}");
        assertThat(r.get("questions").get(2).get("outcome").asText()).isEqualTo("skipped");
    }

    @Test
    void callerWhoStaysOnTheLineAfterOneAnswerIsPartialWithLineNoise() throws IOException {
        Path caller = keys("one.wav", 1, "4");
        assertThat(run("survey", "simulate", "--caller", caller.toString())).isZero();
        assertThat(JSON.readTree(out.toString()).get("status").asText()).isEqualTo("abandoned");
        out.getBuffer().setLength(0);
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--line-noise", "-55"))
                .isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("status").asText()).isEqualTo("partial");
        assertThat(r.get("answers").toString()).isEqualTo("{\"csat\":4}");
        assertThat(r.get("questions").get(1).get("outcome").asText()).isEqualTo("no-input");
        err.getBuffer().setLength(0);
        // An option's value out of its range is a usage error.
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--line-noise", "3"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("--line-noise must be -90..-10 dBFS, got 3.0");
    }

    @Test
    void simulateWithACustomSurvey() throws IOException {
        Path survey = dir.resolve("s.json");
        Files.writeString(
                survey,
                "{\"id\": \"effort\", \"languages\": [\"en\"],"
                        + " \"invalid\": {\"en\": \"classpath:prompts/en/invalid.wav\"},"
                        + " \"questions\": [{\"id\": \"effort\", \"kind\": \"scale\", \"min\": 1, \"max\": 7,"
                        + " \"prompt\": {\"en\": \"classpath:prompts/en/csat.wav\"}}]}");
        Path caller = keys("caller.wav", 0.5, "6");
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--survey", survey.toString()))
                .isZero();
        JsonNode r = JSON.readTree(out.toString());
        assertThat(r.get("surveyId").asText()).isEqualTo("effort");
        assertThat(r.get("answers").toString()).isEqualTo("{\"effort\":6}");
        assertThat(r.get("status").asText()).isEqualTo("completed");

        assertThat(run("survey", "check", survey.toString())).isZero();
        assertThat(out.toString()).contains("  effort: scale 1-7, keys 1234567*#");
    }

    @Test
    void badInputIsOneLineOnStderr() throws IOException {
        assertThat(run("survey", "simulate", "--caller", dir.resolve("none.wav").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).startsWith("cx-agent survey simulate: ").contains("none.wav");
        assertThat(err.toString().strip()).doesNotContain("\n");

        Path caller = keys("caller.wav", 0.5, "5");
        err.getBuffer().setLength(0);
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--lang", "fr"))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("cx-agent survey simulate: --lang fr: survey default has languages [en, zh]");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"id\": \"x\"}");
        err.getBuffer().setLength(0);
        assertThat(run("survey", "simulate", "--caller", caller.toString(), "--survey", bad.toString()))
                .isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("cx-agent survey simulate: " + bad + ": languages: must be a non-empty array such as"
                        + " [\"en\", \"zh\"]");

        err.getBuffer().setLength(0);
        assertThat(run("survey", "simulate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--caller=FILE.wav'");
    }

    @Test
    void selftestPassesOverTheInMemoryLoopback() {
        assertThat(run("survey", "selftest", "--device", FakeMixerProvider.LOOPBACK))
                .isZero();
        assertThat(out.toString()).startsWith("PASS: sent 1234567890*#, decoded 1234567890*#");
        assertThat(out.toString()).contains("the line carries DTMF");
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    @Test
    void selftestExplainsALineThatCarriesNoTones() {
        FakeMixerProvider.reset(TestAudio.noise(10, 400, 9));
        assertThat(run("survey", "selftest", "--device", FakeMixerProvider.PHONE))
                .isEqualTo(1);
        assertThat(out.toString()).startsWith("FAIL: sent 1234567890*#, decoded nothing");
        assertThat(out.toString()).contains("strips or mangles in-band DTMF");
    }

    @Test
    void selftestDeviceErrors() {
        assertThat(run("survey", "selftest")).isEqualTo(2);
        assertThat(err.toString()).contains("name the line's devices with --device NAME");
        err.getBuffer().setLength(0);
        assertThat(run(
                        "survey",
                        "selftest",
                        "--playback",
                        FakeMixerProvider.LOOPBACK,
                        "--capture",
                        FakeMixerProvider.BUSY))
                .isEqualTo(1);
        assertThat(err.toString()).contains("capture device \"CX Memory Busy\" is busy or unavailable");
    }

    @Test
    void runOnARealLinePrintsTheResult() {
        DtmfGenerator keys = new DtmfGenerator(8000);
        FakeMixerProvider.reset(TestAudio.concat(
                TestAudio.silence(1),
                keys.digits("2"),
                TestAudio.silence(0.5),
                keys.digits("5"),
                TestAudio.silence(0.5),
                keys.digits("9"),
                TestAudio.silence(0.5),
                keys.digits("1")));
        assertThat(run(
                        "survey",
                        "run",
                        "--device",
                        FakeMixerProvider.PHONE_16K_STEREO,
                        "--ask-language",
                        "--call-id",
                        "c-9"))
                .isZero();
        assertThat(out.toString())
                .startsWith("{\"status\":\"completed\",\"answers\":{\"csat\":5,\"nps\":9,\"resolved\":true},"
                        + "\"callId\":\"c-9\",\"surveyId\":\"default\",\"language\":\"zh\"");
        assertThat(FakeMixerProvider.openLines()).isZero();
    }

    @Test
    void audioListShowsTheDevices() {
        assertThat(run("audio", "list")).isZero();
        assertThat(out.toString())
                .contains("PLAYBACK CAPTURE  NAME (DESCRIPTION)")
                .contains("yes      yes      CX Memory Loopback (In-memory telephone line)");
    }
}
