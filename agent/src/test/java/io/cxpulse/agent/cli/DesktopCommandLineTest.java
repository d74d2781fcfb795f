package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cx-agent desktop} built alone (as {@code main} runs it) takes the same options as in the full tree. */
class DesktopCommandLineTest {
    @Test
    void theDesktopCommandAloneHasTheSameOptionsHelpAndVersion() {
        CommandLine alone = AgentMain.desktopCommandLine();
        CommandLine inTree = AgentMain.commandLine().getSubcommands().get("desktop");
        assertThat(alone.getCommandSpec().options().stream().map(o -> o.longestName()))
                .containsExactlyInAnyOrderElementsOf(inTree.getCommandSpec().options().stream()
                        .map(o -> o.longestName())
                        .toList());

        StringWriter help = new StringWriter();
        alone.setOut(new PrintWriter(help, true));
        assertThat(alone.execute("--help")).isZero();
        assertThat(help.toString()).startsWith("Usage: cx-agent desktop").contains("--config");

        StringWriter version = new StringWriter();
        alone.setOut(new PrintWriter(version, true));
        assertThat(alone.execute("--version")).isZero();
        assertThat(version.toString()).startsWith("cx-agent ");

        StringWriter err = new StringWriter();
        alone.setErr(new PrintWriter(err, true));
        assertThat(alone.execute("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }
}
