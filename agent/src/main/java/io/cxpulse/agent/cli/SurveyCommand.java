package io.cxpulse.agent.cli;

import picocli.CommandLine.Command;

/** {@code cx-agent survey}: not yet available. */
@Command(name = "survey", mixinStandardHelpOptions = true, description = "Not yet available.")
final class SurveyCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("cx-agent survey is not available in this build");
    }
}
