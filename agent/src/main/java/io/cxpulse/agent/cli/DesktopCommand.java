package io.cxpulse.agent.cli;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.config.LineConfig;
import io.cxpulse.agent.headset.HeadsetBackends;
import io.cxpulse.agent.ui.DesktopApp;
import io.cxpulse.agent.ui.SingleInstance;
import io.cxpulse.agent.ui.Texts;
import io.cxpulse.agent.ui.Theme;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cx-agent desktop}: the agent with its window and tray icon, set up by a configuration file. */
@Command(
        name = "desktop",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the agent with its window, titled CX Pulse, and a tray icon where the desktop has a tray: the"
                    + " headset, the line devices, the server link, the call, the survey and the agent's own scores.",
            "Closing the window leaves the agent running in the tray; Quit asks first."
        })
final class DesktopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            description = "Configuration file (default: agent.properties in this user's configuration directory).")
    Path config;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path file = config != null ? config : AgentPaths.forThisUser().configFile();
        if (GraphicsEnvironment.isHeadless()) {
            err.println("cx-agent desktop needs a display; on a machine without one use cx-agent run");
            return 2;
        }
        if (!Files.exists(file)) {
            err.println(
                    "no configuration at " + file + "; write one (see docs/agent-desktop.md) or pass --config FILE");
            return 2;
        }
        DesktopApp.Parts parts;
        try {
            parts = parts(file);
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        Optional<SingleInstance> instance =
                SingleInstance.acquire(parts.config().dataDir());
        if (instance.isEmpty()) {
            spec.commandLine().getOut().println("CX Pulse is already running; its window was brought forward");
            return 0;
        }
        try (SingleInstance held = instance.get()) {
            DesktopApp app = DesktopApp.start(parts);
            held.onShowRequest(app::showWindow);
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "cx-desktop-shutdown"));
            app.awaitQuit();
        }
        return 0;
    }

    /** What the app runs on, from a configuration file: this machine's headsets and sound devices. */
    static DesktopApp.Parts parts(Path file) throws IOException {
        AgentConfig c = AgentConfig.load(file, AgentPaths.forThisUser());
        if (LineConfig.load(file).sip()) {
            throw new IllegalArgumentException("line = sip in " + file + ": the desktop app runs the device line only;"
                    + " run the SIP line with cx-agent run --config " + file);
        }
        String token = AgentConfig.readToken(file);
        Desk.SurveyLine line = new Desk.SurveyLine() {
            @Override
            public Line open(CallSummary call) {
                return SoundLine.open(c.playback(), c.capture());
            }

            @Override
            public String language(CallSummary call) {
                return c.language();
            }
        };
        Locale locale = c.locale() != null ? c.locale() : Locale.getDefault();
        return new DesktopApp.Parts(
                c,
                token,
                HeadsetBackends.forThisOs(c.hidSysfs(), c.hidDev()),
                line,
                Texts.supported(locale),
                Theme.dark(c.theme()));
    }
}
