package io.cxpulse.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code cx-agent}: one sub-command per concern, each with {@code --help}. */
@Command(
        name = "cx-agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentMain.Version.class,
        description = "CX Pulse desktop agent: headset call control, post-call survey, link to the server.",
        subcommands = {
            HidCommand.class,
            DtmfCommand.class,
            AudioCommand.class,
            SurveyCommand.class,
            RunCommand.class,
            SimulateCommand.class,
            LoadCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AgentMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new AgentMain()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version packed into the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentMain.class.getPackage().getImplementationVersion();
            return new String[] {"cx-agent " + (v == null ? "development" : v)};
        }
    }
}
