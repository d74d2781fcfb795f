package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.AudioDevices;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cx-agent audio}: the sound devices a survey line can use. */
@Command(
        name = "audio",
        mixinStandardHelpOptions = true,
        description = "Sound devices for the survey line (USB phone adapters, line interfaces).",
        subcommands = {AudioCommand.ListDevices.class})
final class AudioCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cx-agent audio list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists playback and capture devices; use a name with --playback/--capture.")
    static final class ListDevices implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<AudioDevices.Device> devices = AudioDevices.list();
            if (devices.isEmpty()) {
                out.println("No playback or capture devices found (no sound card or USB phone adapter present).");
                out.flush();
                return 0;
            }
            out.printf("%-8s %-8s %s%n", "PLAYBACK", "CAPTURE", "NAME (DESCRIPTION)");
            for (AudioDevices.Device d : devices) {
                out.printf(
                        "%-8s %-8s %s (%s)%n",
                        d.playback() ? "yes" : "-", d.capture() ? "yes" : "-", d.name(), d.description());
            }
            out.flush();
            return 0;
        }
    }
}
