package io.cxpulse.agent.cli;

import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.sim.LoadGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cx-agent load}: the server's load generator. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Streams call records and survey results from many agents as fast as the server commits them,"
                + " and reports committed events per second and acknowledgement latency.")
final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server = new ServerOption();

    @Option(names = "--agents", defaultValue = "24", description = "Concurrent agents (default: ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--events", defaultValue = "1000", description = "Events per agent (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--window",
            defaultValue = "64",
            description = "Events in flight per agent (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--credentials", description = "JSON file of agent credentials instead of asking a --demo server.")
    Path credentialsFile;

    @Option(
            names = "--timeout",
            defaultValue = "600",
            description = "Seconds to wait for every acknowledgement (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (agents < 1 || events < 1 || window < 1 || timeoutSeconds < 1) {
            throw ExitStatus.usage(spec, "--agents, --events, --window and --timeout must be at least 1");
        }
        List<AgentCredentials> credentials;
        try {
            credentials = AgentCredentials.forFleet(credentialsFile, server.server(), agents);
        } catch (IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitStatus.FAILED;
        }
        LoadGenerator.Report report =
                LoadGenerator.run(server.server(), credentials, events, window, Duration.ofSeconds(timeoutSeconds));
        spec.commandLine().getOut().println(report.summary());
        return report.refused() == 0 ? ExitStatus.DONE : ExitStatus.FAILED;
    }
}
