package io.cxpulse.agent.cli;

import picocli.CommandLine.Command;

/** {@code cx-agent audio}: not yet available. */
@Command(name = "audio", mixinStandardHelpOptions = true, description = "Not yet available.")
final class AudioCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("cx-agent audio is not available in this build");
    }
}
