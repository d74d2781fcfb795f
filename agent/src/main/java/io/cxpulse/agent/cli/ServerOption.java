package io.cxpulse.agent.cli;

import java.net.URI;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --server} option of the commands that talk to the server. */
final class ServerOption {
    @Option(
            names = "--server",
            paramLabel = "URL[,URL...]",
            split = ",",
            defaultValue = "http://127.0.0.1:8080",
            description = "The server (default: ${DEFAULT-VALUE}); for run, the nodes of a cluster, comma-separated:"
                    + " after a connection loss the next one is tried.")
    List<URI> servers = List.of(URI.create("http://127.0.0.1:8080"));

    /** The first server given. */
    URI server() {
        return servers.get(0);
    }
}
