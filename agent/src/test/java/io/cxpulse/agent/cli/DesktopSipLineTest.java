package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop app runs the device line; a configuration for the SIP line says where that runs instead. */
class DesktopSipLineTest {
    @TempDir
    Path dir;

    @Test
    void aSipLineConfigurationPointsToRun() throws Exception {
        Path file = Files.writeString(
                dir.resolve("agent.properties"),
                "server=http://127.0.0.1:9\nagent.id=agent-07\nline=sip\nsip.uri=sip:agent07@127.0.0.1\n");
        Files.writeString(dir.resolve("token"), "secret\n");
        assertThatThrownBy(() -> DesktopCommand.parts(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line = sip")
                .hasMessageContaining("cx-agent run --config " + file);
    }
}
