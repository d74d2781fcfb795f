package io.cxpulse.agent.cli;

import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.hidapi.Hid4JavaBackend;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cx-agent hid}: inspect USB HID headsets and report descriptors. */
@Command(
        name = "hid",
        mixinStandardHelpOptions = true,
        description = "Inspect USB HID headsets and their report descriptors.",
        subcommands = {HidCommand.ListDevices.class, HidCommand.Describe.class})
final class HidCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The backend of this operating system. */
    static HidBackend systemBackend(Path sysfs, Path dev) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return new HidrawBackend(sysfs, dev, LibC.load());
        }
        return new Hid4JavaBackend();
    }

    /** {@code cx-agent hid list}: HID devices, whether they can control calls, and whether the agent may open them. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List HID devices: path, VID:PID, name, call control (yes/no) and access (ok, or the fix).",
                "Tab-separated, one device per line after a header line."
            })
    static final class ListDevices implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--sysfs", description = "sysfs root (Linux; default ${DEFAULT-VALUE}).", defaultValue = "/sys")
        Path sysfs;

        @Option(
                names = "--dev",
                description = "Device directory (Linux; default ${DEFAULT-VALUE}).",
                defaultValue = "/dev")
        Path dev;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (HidBackend backend = systemBackend(sysfs, dev)) {
                List<HidDeviceInfo> devices = backend.devices();
                out.println("PATH\tVID:PID\tNAME\tCALL-CONTROL\tACCESS");
                for (HidDeviceInfo d : devices) {
                    out.println(line(d, backend.accessProblem(d)));
                }
                out.flush();
                return 0;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("cannot list HID devices: " + e.getMessage());
                return 1;
            }
        }

        /** One device line: {@code path, vid:pid, name, yes|no, ok|denied: fix}. */
        static String line(HidDeviceInfo d, String accessProblem) {
            String callControl;
            try {
                callControl = TelephonyModel.of(ReportDescriptorParser.parse(d.reportDescriptor()))
                                .callControl()
                        ? "yes"
                        : "no";
            } catch (HidDescriptorException e) {
                callControl = "no";
            }
            String access = accessProblem == null ? "ok" : "denied: " + accessProblem;
            return String.join("\t", d.path(), d.vidPid(), d.name().replace('\t', ' '), callControl, access);
        }
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
