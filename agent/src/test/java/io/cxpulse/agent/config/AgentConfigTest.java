package io.cxpulse.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    private final AgentPaths paths = new AgentPaths(Path.of("/home/ann/.config/cx-agent"), Path.of("/home/ann/data"));

    @Test
    void savedConfigurationReadsBackTheSame() throws Exception {
        AgentConfig c = new AgentConfig(
                URI.create("https://cx.example.com"),
                "agent-07",
                "Jabra",
                "USB Phone Adapter",
                "USB Phone Adapter",
                "zh",
                5,
                dir.resolve("data"),
                "dark",
                Locale.SIMPLIFIED_CHINESE,
                Path.of("/sys"),
                Path.of("/dev"));
        Path file = dir.resolve("cfg").resolve(AgentPaths.CONFIG_FILE);
        c.save(file);
        assertThat(AgentConfig.load(file, paths)).isEqualTo(c);
        assertThat(Files.readString(file)).contains("# The server's address.").doesNotContain("token");
    }

    @Test
    void omittedFieldsTakeTheirDefaults() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"), "server=http://127.0.0.1:8080\nagent.id=a1\nplayback=P\ncapture=C\n");
        AgentConfig c = AgentConfig.load(file, paths);
        assertThat(c.minTalkSeconds()).isEqualTo(10);
        assertThat(c.dataDir()).isEqualTo(paths.dataDir());
        assertThat(c.theme()).isEqualTo("system");
        assertThat(c.headset()).isNull();
        assertThat(c.locale()).isNull();
    }

    @Test
    void aBadFieldIsNamedWithTheFile() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"),
                "server=http://x\nagent.id=a1\nplayback=P\ncapture=C\nmin.talk.seconds=ten\n");
        assertThatThrownBy(() -> AgentConfig.load(file, paths))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("min.talk.seconds must be a whole number, got \"ten\"");
        Files.writeString(file, "agent.id=a1\nplayback=P\ncapture=C\n");
        assertThatThrownBy(() -> AgentConfig.load(file, paths)).hasMessageContaining("server is missing");
        Files.writeString(file, "server=ftp://x\nagent.id=a1\nplayback=P\ncapture=C\n");
        assertThatThrownBy(() -> AgentConfig.load(file, paths)).hasMessageContaining("http:// or https://");
    }

    @Test
    void theTokenIsKeptOwnerOnlyNextToTheConfiguration() throws Exception {
        Path file = dir.resolve("agent.properties");
        AgentConfig.writeToken(file, "s3cret");
        Path token = dir.resolve("token");
        assertThat(Files.getPosixFilePermissions(token)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(AgentConfig.readToken(file)).isEqualTo("s3cret");
        Files.writeString(token, "  \n");
        assertThatThrownBy(() -> AgentConfig.readToken(file)).hasMessageContaining("is empty");
    }

    @Test
    void eachPlatformHasItsPlace() {
        Path home = Path.of("/home/ann");
        assertThat(AgentPaths.of("Linux", Map.of(), home))
                .isEqualTo(new AgentPaths(
                        Path.of("/home/ann/.config/cx-agent"), Path.of("/home/ann/.local/share/cx-agent")));
        assertThat(AgentPaths.of("Linux", Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "rel"), home))
                .isEqualTo(new AgentPaths(Path.of("/cfg/cx-agent"), Path.of("/home/ann/.local/share/cx-agent")));
        assertThat(AgentPaths.of("Mac OS X", Map.of(), home).configDir())
                .isEqualTo(Path.of("/home/ann/Library/Application Support/CX Pulse"));
        assertThat(AgentPaths.of("Windows 11", Map.of("APPDATA", "/r", "LOCALAPPDATA", "/l"), home))
                .isEqualTo(new AgentPaths(Path.of("/r/CX Pulse"), Path.of("/l/CX Pulse")));
    }
}
