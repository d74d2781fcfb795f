package io.cxpulse.agent.cli;

import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
        subcommands = {HidCommand.ListDevices.class, HidCommand.Describe.class, HidCommand.Watch.class})
final class HidCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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

        @CommandLine.Mixin
        HidPaths paths;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (HidBackend backend = paths.backend()) {
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

    /** {@code cx-agent hid watch}: drives the active headset and prints what the agent hears, until interrupted. */
    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = {
                "Drive the active headset (LEDs follow the host) and print its call events, one per line, until"
                        + " interrupted.",
                "Lines: ISO-8601 time, then answered | muted | unmuted | held | resumed | ended | connected |"
                        + " disconnected | problem: <reason>."
            })
    static final class Watch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--select",
                description = "Headset to use: device path, VID:PID, serial or part of the name (default: the first).")
        String select;

        @CommandLine.Mixin
        HidPaths paths;

        @Option(
                names = "--seconds",
                description = "Stop after this many seconds (default: run until interrupted).",
                defaultValue = "0")
        long seconds;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            HeadsetListener printer = new HeadsetListener() {
                private void print(String event, Instant at) {
                    synchronized (out) {
                        out.println(at + " " + event);
                        out.flush();
                    }
                }

                @Override
                public void callAnswered(Instant at) {
                    print("answered", at);
                }

                @Override
                public void muteChanged(boolean muted, Instant at) {
                    print(muted ? "muted" : "unmuted", at);
                }

                @Override
                public void holdChanged(boolean held, Instant at) {
                    print(held ? "held" : "resumed", at);
                }

                @Override
                public void callEnded(Instant at) {
                    print("ended", at);
                }

                @Override
                public void connectionChanged(boolean connected, Instant at) {
                    print(connected ? "connected" : "disconnected", at);
                }
            };
            Clock clock = Clock.systemUTC();
            try (HeadsetManager manager = new HeadsetManager(
                    paths.backend(),
                    select,
                    printer,
                    clock,
                    HeadsetStateMachine.DEFAULT_ECHO_WINDOW,
                    Quirks.bundled())) {
                manager.start();
                String reported = null;
                long deadline = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
                // The headset work happens on the backend's thread; this one only surfaces problems.
                while (System.nanoTime() < deadline) {
                    String problem = manager.problem();
                    if (problem != null && !problem.equals(reported)) {
                        synchronized (out) {
                            out.println(clock.instant() + " problem: " + problem);
                            out.flush();
                        }
                    }
                    reported = problem;
                    Thread.sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                }
            }
            return 0;
        }
    }

    /** {@code cx-agent hid describe FILE}: the call-control layout of a report descriptor, as JSON. */
    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Print the telephony controls of a report descriptor (hex text or raw binary) as JSON.",
            exitCodeListHeading = ExitStatus.HEADING,
            exitCodeList = {"0:described", "1:file unreadable or malformed descriptor", ExitStatus.USAGE_LINE})
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
                return ExitStatus.FAILED;
            }
            try {
                TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(DescriptorFiles.decode(content)));
                spec.commandLine().getOut().println(model.toJson());
                return 0;
            } catch (HidDescriptorException e) {
                spec.commandLine().getErr().println(file + ": " + e.getMessage());
                return ExitStatus.FAILED;
            }
        }
    }
}
