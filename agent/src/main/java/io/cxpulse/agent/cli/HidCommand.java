package io.cxpulse.agent.cli;

import picocli.CommandLine.Command;

/** {@code cx-agent hid}: not yet available. */
@Command(name = "hid", mixinStandardHelpOptions = true, description = "Not yet available.")
final class HidCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("cx-agent hid is not available in this build");
    }
}
