package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cx-agent desktop} as {@code main} runs it: alone, with the same options as in the full tree, and its usual
 * arguments read without the parser. */
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

    @Test
    void theUsualArgumentsAreReadWithoutTheParserAndAnythingElseGoesToIt() {
        assertThat(DesktopCommand.plainArguments(new String[] {})).contains(Optional.empty());
        assertThat(DesktopCommand.plainArguments(new String[] {"--config", "/etc/cx/agent.properties"}))
                .contains(Optional.of(Path.of("/etc/cx/agent.properties")));
        assertThat(DesktopCommand.plainArguments(new String[] {"--config=agent.properties"}))
                .contains(Optional.of(Path.of("agent.properties")));
        for (String[] other : List.of(
                new String[] {"--help"},
                new String[] {"-h"},
                new String[] {"--version"},
                new String[] {"--config"},
                new String[] {"--config="},
                new String[] {"--config", "--help"},
                new String[] {"--config", "a", "--config", "b"},
                new String[] {"--no-such-option"},
                new String[] {"agent.properties"})) {
            assertThat(DesktopCommand.plainArguments(other))
                    .as(String.join(" ", other))
                    .isEmpty();
        }
    }
}
