package io.cxpulse.agent.cli;

import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cx-agent hid}: inspect USB HID headsets and report descriptors. */
@Command(
        name = "hid",
        mixinStandardHelpOptions = true,
        description = "Inspect USB HID headsets and their report descriptors.",
        subcommands = {HidCommand.Describe.class})
final class HidCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cx-agent hid describe FILE}: the call-control layout of a report descriptor, as JSON. */
    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Print the telephony controls of a report descriptor (hex text or raw binary) as JSON.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:described", "1:file unreadable", "2:malformed descriptor"})
    static final class Describe implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Report descriptor: hex bytes separated by whitespace, or raw.")
        Path file;

        @Override
        public Integer call() {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println("cannot read " + file + ": " + e);
                return 1;
            }
            try {
                TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(DescriptorFiles.decode(content)));
                spec.commandLine().getOut().println(model.toJson());
                return 0;
            } catch (HidDescriptorException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
