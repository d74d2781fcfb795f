package io.cxpulse.agent.cli;

import io.cxpulse.agent.config.AgentPaths;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
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
            DesktopCommand.class,
            DoctorCommand.class,
            SetupCommand.class,
            SimulateCommand.class,
            LoadCommand.class,
            CommandLine.HelpCommand.class
        })
public final class AgentMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Commands that keep running and whose progress belongs in the log; the others log only problems. */
    private static final Set<String> LONG_RUNNING = Set.of("run", "simulate", "load", "desktop");

    public static void main(String[] args) {
        // Read by logback.xml when logging starts, so it must be set before the first logger is made.
        if (System.getenv("CX_LOG_LEVEL") == null && System.getProperty("CX_LOG_LEVEL") == null) {
            boolean longRunning = args.length > 0 && LONG_RUNNING.contains(args[0]);
            System.setProperty("CX_LOG_LEVEL", longRunning ? "INFO" : "WARN");
        }
        if (args.length > 0 && args[0].equals("desktop") && System.getProperty(DesktopLog.DIR) == null) {
            // The desktop app logs to rotating files in the user's data directory rather than to a terminal.
            System.setProperty(
                    DesktopLog.DIR,
                    AgentPaths.forThisUser().dataDir().resolve("logs").toString());
        }
        if (args.length > 0 && args[0].equals("desktop") && DesktopLog.wanted()) {
            // Written by the app itself: logback would stay in every desk's memory.
            System.setProperty(DesktopLog.PROVIDER, DesktopLog.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN"); // not a word on stderr about the choice
            }
        }
        if (args.length > 0 && args[0].equals("desktop")) {
            // The app that stays running on every desk builds no command-line parser for its usual arguments, and
            // only its own command for the others: the other commands' classes and picocli's models of them would
            // stay in its memory for nothing.
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            Optional<Optional<Path>> plain = DesktopCommand.plainArguments(rest);
            System.exit(
                    plain.isPresent()
                            ? DesktopCommand.runPlain(plain.get().orElse(null))
                            : desktopCommandLine().execute(rest));
        }
        System.exit(commandLine().execute(args));
    }

    /** {@code cx-agent desktop} alone, as the full command line would run it. */
    static CommandLine desktopCommandLine() {
        CommandLine desktop = new CommandLine(new DesktopCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        desktop.setCommandName("cx-agent desktop");
        return Version.on(desktop);
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
        /** {@code command}, reporting this version. */
        static CommandLine on(CommandLine command) {
            command.getCommandSpec().versionProvider(new Version());
            return command;
        }

        @Override
        public String[] getVersion() {
            String v = AgentMain.class.getPackage().getImplementationVersion();
            return new String[] {"cx-agent " + (v == null ? "development" : v)};
        }
    }
}
