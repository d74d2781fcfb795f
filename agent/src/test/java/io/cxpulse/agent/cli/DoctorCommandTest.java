package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest extends InProcessCli {
    @TempDir
    Path dir;

    private Path config(FakeHidraw fake, String playback) throws Exception {
        Path file = dir.resolve("cfg").resolve("agent.properties");
        new AgentConfig(
                        URI.create("http://127.0.0.1:9"), // nothing listens there
                        "agent-07",
                        null,
                        playback,
                        FakeMixerProvider.PHONE,
                        null,
                        10,
                        dir.resolve("data"),
                        "system",
                        Locale.ENGLISH,
                        fake.sys,
                        fake.dev)
                .save(file);
        return file;
    }

    @Test
    void saysWhatIsFineAndWhatToFix() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            Path file = config(fake, "No Such Device");
            AgentConfig.writeToken(file, "s3cret-token");

            int status = run("doctor", "--config", file.toString());

            String report = out.toString();
            assertThat(status).isEqualTo(1);
            assertThat(report)
                    .contains("config   ok   " + file)
                    .contains("token    ok   ")
                    .contains("headset  ok   Desk Headset (0b0e:0001), call control")
                    .contains("playback FAIL no playback device named \"No Such Device\"")
                    .contains("capture  ok   " + FakeMixerProvider.PHONE)
                    .contains("server   FAIL cannot reach ws://127.0.0.1:9/ws/agent")
                    .doesNotContain("s3cret-token");
        }
    }

    @Test
    void aTokenOthersCanReadAndAMissingHeadsetAreNamedWithTheirFix() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            Path file = config(fake, FakeMixerProvider.PHONE);
            Path token = AgentConfig.tokenFile(file);
            Files.writeString(token, "s3cret-token\n");
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

            run("doctor", "--config", file.toString());

            assertThat(out.toString())
                    .contains("token    FAIL " + token + " is readable by others (rw-r--r--)")
                    .contains("fix: chmod 600 " + token)
                    .contains("headset  FAIL no headset with call control")
                    .contains("fix: plug the headset in");
        }
    }

    @Test
    void aMissingConfigurationStopsTheChecksWithTheFix() {
        int status = run("doctor", "--config", dir.resolve("nope.properties").toString());
        assertThat(status).isEqualTo(1);
        assertThat(out.toString())
                .startsWith("config   FAIL cannot read ")
                .contains("fix: set this desk up: start cx-agent desktop (it opens its set-up window)");
    }
}
