package io.cxpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.line.sip.SipSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineConfigTest {
    @TempDir
    Path dir;

    private final AgentPaths paths = new AgentPaths(Path.of("/home/ann/.config/cx-agent"), Path.of("/home/ann/data"));

    @Test
    void theSipFieldsAreTheRunOptions() throws Exception {
        Path pass = Files.writeString(dir.resolve("sip-password"), "s3cret\n");
        Path file = Files.writeString(
                dir.resolve("agent.properties"),
                String.join(
                        "\n",
                        "server = https://cx.example.com",
                        "agent.id = agent-07",
                        "line = sip",
                        "sip.uri = sip:agent07@pbx.example.com",
                        "sip.registrar = 10.0.0.5",
                        "sip.password.file = " + pass,
                        "sip.listen = 0.0.0.0:5070",
                        "sip.transport = TLS",
                        "sip.keepalive = 20",
                        "sip.ca.file = /etc/cx-agent/pbx-ca.pem",
                        "headset.audio = none",
                        ""));
        LineConfig line = LineConfig.load(file);
        assertThat(line.sip()).isTrue();
        assertThat(line.headsetAudio()).isEqualTo("none");
        SipSettings s = line.sipSettings(null);
        assertThat(s.user()).isEqualTo("agent07");
        assertThat(s.domain()).isEqualTo("pbx.example.com");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.listen().getPort()).isEqualTo(5070);
        assertThat(s.registrar().getPort()).as("TLS's default port").isEqualTo(5061);
        assertThat(s.transport()).isEqualTo("tls");
        assertThat(s.keepAliveSeconds()).isEqualTo(20);
        assertThat(s.caFile()).isEqualTo(Path.of("/etc/cx-agent/pbx-ca.pem"));
        // With the SIP line, the survey plays on the call: no line devices are needed.
        AgentConfig c = AgentConfig.load(file, paths);
        assertThat(c.playback()).isNull();
    }

    @Test
    void theDeviceLineIsTheDefaultAndNeedsItsDevices() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"), "server=http://x\nagent.id=a1\nline.hook=Phone Adapter\n");
        assertThat(LineConfig.load(file).sip()).isFalse();
        assertThat(LineConfig.load(file).lineHook()).isEqualTo("Phone Adapter");
        assertThatThrownBy(() -> AgentConfig.load(file, paths)).hasMessageContaining("playback and capture");
    }

    @Test
    void aBadSipFieldIsNamed() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"), "line=sip\nsip.uri=agent07@pbx\nsip.transport=udp\n");
        assertThatThrownBy(() -> LineConfig.load(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("sip.uri must look like sip:USER@DOMAIN");
        Files.writeString(file, "line=sip\nsip.uri=sip:a@b\nsip.transport=sctp\n");
        assertThatThrownBy(() -> LineConfig.load(file)).hasMessageContaining("sip.transport must be udp, tcp or tls");
        Files.writeString(file, "line=modem\n");
        assertThatThrownBy(() -> LineConfig.load(file)).hasMessageContaining("line must be device or sip");
    }

    @Test
    void savingTheDesktopSettingsKeepsTheLineFields() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"),
                "server=http://x\nagent.id=a1\nline=sip\nsip.uri=sip:agent07@pbx\nheadset.audio=Jabra\n");
        AgentConfig c = AgentConfig.load(file, paths);
        c.save(file);
        LineConfig line = LineConfig.load(file);
        assertThat(line.sip()).isTrue();
        assertThat(line.sipUri()).isEqualTo("sip:agent07@pbx");
        assertThat(line.headsetAudio()).isEqualTo("Jabra");
        assertThat(AgentConfig.load(file, paths)).isEqualTo(c);
    }
}
