package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.cli.DoctorCommand.Check;
import io.cxpulse.agent.line.sip.BaresipCaller;
import io.cxpulse.agent.line.sip.Kamailio;
import io.cxpulse.testsupport.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cx-agent doctor} on a desk whose configuration file says {@code line = sip}: it registers through kamailio
 * as the agent would, places a test call through it to baresip answering at once, and reports the codec and whether
 * RFC 4733 keys were negotiated; a wrong password, a PBX that strips telephone-events, and a far end without G.711
 * each fail with what to change.
 */
class SipDoctorIT {
    @TempDir
    Path dir;

    private Path config(int registrarPort, String password, String testUri) throws Exception {
        Path pass = Files.writeString(dir.resolve("sip-password"), password + "\n");
        return Files.writeString(
                dir.resolve("agent.properties"),
                String.join(
                        "\n",
                        "server = http://127.0.0.1:9",
                        "agent.id = agent-07",
                        "line = sip",
                        "sip.uri = sip:agent07@127.0.0.1",
                        "sip.registrar = 127.0.0.1:" + registrarPort,
                        "sip.password.file = " + pass,
                        "sip.listen = 127.0.0.1:" + BaresipCaller.freePort(),
                        "sip.test.uri = " + testUri,
                        "hid.sysfs = " + dir.resolve("no-sys"),
                        "hid.dev = " + dir.resolve("no-dev"),
                        ""));
    }

    private static Check check(List<Check> checks, String name) {
        return checks.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " check in " + checks));
    }

    private Path callee() throws Exception {
        Path recording = dir.resolve("callee.wav");
        WavFiles.write(recording, TestAudio.noise(30, 200, 1), 8000);
        return recording;
    }

    @Test
    void registersAndATestCallNegotiatesG711AndRfc4733Keys() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60);
                BaresipCaller echo = BaresipCaller.start(dir.resolve("baresip"), callee(), "PCMA", "auto")) {
            List<Check> checks = DoctorCommand.run(config(pbx.port, "s3cret-pw", echo.uri()));
            assertThat(check(checks, "sip").ok()).as(checks.toString()).isTrue();
            assertThat(check(checks, "sip").detail()).contains("registered at 127.0.0.1:" + pbx.port);
            assertThat(check(checks, "codecs").ok()).as(checks.toString()).isTrue();
            assertThat(check(checks, "codecs").detail()).startsWith("PCMA answered by " + echo.uri());
            assertThat(check(checks, "keys").ok()).isTrue();
            assertThat(checks)
                    .noneMatch(c -> c.name().equals("playback") || c.name().equals("capture"));
            echo.await("CALL_CLOSED", Duration.ofSeconds(10)); // the doctor hangs its test call up
        }
    }

    @Test
    void aWrongPasswordSaysWhatToCheck() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60)) {
            List<Check> checks = DoctorCommand.run(config(pbx.port, "guessed", "sip:echo@127.0.0.1:9"));
            Check sip = check(checks, "sip");
            assertThat(sip.ok()).isFalse();
            assertThat(sip.detail()).contains("not registered").contains("Forbidden");
            assertThat(sip.fix()).contains("sip.password.file");
            assertThat(checks).noneMatch(c -> c.name().equals("codecs")); // no test call without a registration
        }
    }

    @Test
    void aPbxThatStripsTelephoneEventsIsToldToEnableRfc4733() throws Exception {
        try (Kamailio pbx = Kamailio.startStrippingKeys(dir.resolve("kamailio"), "s3cret-pw");
                BaresipCaller echo = BaresipCaller.start(dir.resolve("baresip"), callee(), "PCMU", "auto")) {
            List<Check> checks = DoctorCommand.run(config(pbx.port, "s3cret-pw", echo.uri()));
            assertThat(check(checks, "sip").ok()).as(checks.toString()).isTrue();
            assertThat(check(checks, "codecs").ok()).as(checks.toString()).isTrue();
            Check keys = check(checks, "keys");
            assertThat(keys.ok()).isFalse();
            assertThat(keys.detail()).contains("no RFC 4733");
            assertThat(keys.fix()).contains("RFC 4733").contains("DTMF suppression");
        }
    }

    @Test
    void aFarEndWithoutG711IsToldToAllowIt() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60);
                BaresipCaller wideband =
                        BaresipCaller.start(dir.resolve("baresip"), callee(), "G722/16000/1", "auto")) {
            List<Check> checks = DoctorCommand.run(config(pbx.port, "s3cret-pw", wideband.uri()));
            Check codecs = check(checks, "codecs");
            assertThat(codecs.ok()).as(checks.toString()).isFalse();
            assertThat(codecs.detail()).contains("refused G.711");
            assertThat(codecs.fix()).contains("G.711");
        }
    }
}
