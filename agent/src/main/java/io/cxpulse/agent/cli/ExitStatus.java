package io.cxpulse.agent.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one exit-status rule of every {@code cx-agent} command: 0 it did what was asked (a check passed), 1 bad input or
 * a failure of what it was asked (a file, a survey, a device, a server; a check that fails), 2 a usage error (an
 * unknown option, a missing or out-of-range value), which picocli also answers with 2.
 */
final class ExitStatus {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String HEADING = "Exit status:%n";
    static final String USAGE_LINE = "2:usage error";

    private ExitStatus() {}

    /** A usage error about an option's value: picocli prints it with a hint and exits with {@link #USAGE}. */
    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
