package io.cxpulse.agent.cli;

import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.AudioDevices;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.config.DeskSetup;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.survey.LineSelfTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cx-agent setup}: the first-run set-up of a desk. Finds the headset, checks the line devices, trades the
 * admin's one-time enrolment code for the agent's token, optionally runs the line self-test, and writes the
 * configuration file and the owner-only token file.
 */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = {
            "First-run set-up of this desk: finds the headset, checks the line devices, enrols the agent with the"
                    + " one-time code an admin made in the dashboard (valid 24 hours, single use), runs the line"
                    + " self-test when asked, and writes the configuration and the token (owner-only) for"
                    + " cx-agent desktop.",
            "Exit status: 0 when set up, 1 when a step failed (nothing is written then)."
        })
final class SetupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--server", required = true, description = "The server's address, e.g. https://cx.example.com.")
    URI server;

    @Option(names = "--code", required = true, description = "The one-time enrolment code from the dashboard.")
    String code;

    @Option(names = "--playback", required = true, description = "Line device the prompts are played to.")
    String playback;

    @Option(names = "--capture", required = true, description = "Line device the caller's keys are heard from.")
    String capture;

    @Option(names = "--headset", description = "Which headset when several are plugged in (see cx-agent hid list).")
    String headset;

    @Option(names = "--language", description = "Survey language (en, zh); default: the caller chooses.")
    String language;

    @Option(
            names = "--self-test",
            description = "Run the line self-test: the line must be looped back (an echo test number, or a loop on"
                    + " the adapter).")
    boolean selfTest;

    @Option(names = "--config", description = "Where to write the configuration (default: the platform's place).")
    Path config;

    @Mixin
    HidPaths hid = new HidPaths();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AgentPaths paths = AgentPaths.forThisUser();
        Path file = config != null ? config : paths.configFile();
        boolean ok = true;

        out.println(line("headset", headsetCheck()));
        for (String[] d : new String[][] {{"playback", playback, "true"}, {"capture", capture, "false"}}) {
            try {
                AudioDevices.find(d[1], Boolean.parseBoolean(d[2]));
                out.println(line(d[0], "ok   " + d[1]));
            } catch (AudioDeviceException e) {
                out.println(line(d[0], "FAIL " + e.getMessage()));
                ok = false;
            }
        }
        if (ok && selfTest) {
            try {
                LineSelfTest.Report report = DeskSetup.selfTest(playback, capture);
                out.println(
                        line("selftest", (report.passed() ? "PASS " : "FAIL ") + String.join("; ", report.findings())));
                ok = report.passed();
            } catch (AudioDeviceException e) {
                out.println(line("selftest", "FAIL " + e.getMessage()));
                ok = false;
            }
        }
        if (!ok) {
            out.println("Set-up stopped: fix what failed and run it again (nothing was written).");
            out.flush();
            return 1;
        }
        DeskSetup.Enrolled enrolled;
        try {
            enrolled = DeskSetup.enrol(server, code);
        } catch (IOException e) {
            out.println(line("enrol", "FAIL " + e.getMessage()));
            out.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.println(line("enrol", "ok   as " + enrolled.agentId() + " (" + enrolled.displayName() + ")"));
        try {
            DeskSetup.write(
                    file,
                    DeskSetup.config(
                            server,
                            enrolled.agentId(),
                            headset,
                            playback,
                            capture,
                            language,
                            paths,
                            null,
                            hid.sysfs,
                            hid.dev),
                    enrolled.token());
        } catch (IOException | IllegalArgumentException e) {
            out.println(line("config", "FAIL " + e.getMessage()));
            out.flush();
            return 1;
        }
        out.println(line("config", "ok   wrote " + file + " and its token (owner only)"));
        out.println("Set up. Start the app with: cx-agent desktop" + (config != null ? " --config " + file : ""));
        out.flush();
        return 0;
    }

    private static String line(String step, String result) {
        return String.format(Locale.ROOT, "%-8s %s", step, result);
    }

    private String headsetCheck() {
        try (HidBackend backend = hid.backend()) {
            return DeskSetup.headset(backend, headset)
                    .map(h ->
                            h.problem() == null ? "ok   " + h.name() + " (" + h.vidPid() + ")" : "FAIL " + h.problem())
                    .orElse("none plugged in yet (the app picks it up when it is)");
        } catch (RuntimeException e) {
            return "FAIL cannot look for headsets: " + e.getMessage();
        }
    }
}
