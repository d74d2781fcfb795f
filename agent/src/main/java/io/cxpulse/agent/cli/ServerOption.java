package io.cxpulse.agent.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --server} option of the commands that talk to the server. */
final class ServerOption {
    @Option(
            names = "--server",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:8080",
            description = "The server (default: ${DEFAULT-VALUE}).")
    URI server = URI.create("http://127.0.0.1:8080");
}
