package io.cxpulse.agent.cli;

import picocli.CommandLine.Command;

/** {@code cx-agent simulate}: not yet available. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Not yet available.")
final class SimulateCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("cx-agent simulate is not available in this build");
    }
}
