package io.cxpulse.agent.cli;

import picocli.CommandLine.Command;

/** {@code cx-agent dtmf}: not yet available. */
@Command(name = "dtmf", mixinStandardHelpOptions = true, description = "Not yet available.")
final class DtmfCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("cx-agent dtmf is not available in this build");
    }
}
