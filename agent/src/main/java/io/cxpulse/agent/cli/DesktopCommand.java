package io.cxpulse.agent.cli;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.config.LineConfig;
import io.cxpulse.agent.headset.HeadsetBackends;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.ui.DesktopApp;
import io.cxpulse.agent.ui.SetupModel;
import io.cxpulse.agent.ui.SetupWindow;
import io.cxpulse.agent.ui.SingleInstance;
import io.cxpulse.agent.ui.Texts;
import io.cxpulse.agent.ui.Theme;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;
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
            "Closing the window leaves the agent running in the tray; Quit asks first.",
            "With no configuration yet, it first opens the set-up: the headset, the line devices and their"
                    + " self-test, the server's address and the admin's one-time enrolment code; then the window.",
            "Exit status: 0 when the agent quit, 1 when the set-up was closed before it finished, 2 when the"
                    + " configuration is wrong or there is no display."
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
        return run(config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The configuration file named by {@code desktop}'s arguments when they are only {@code [--config FILE]}
     * ({@code Optional.of(Optional.empty())} for none: the default file), read without building the command-line
     * parser, which would stay in the app's memory; empty for anything else (help, version, a mistake), which the
     * parser then handles as usual.
     */
    static Optional<Optional<Path>> plainArguments(String[] args) {
        if (args.length == 0) {
            return Optional.of(Optional.empty());
        }
        String value = null;
        if (args.length == 2 && args[0].equals("--config")) {
            value = args[1];
        } else if (args.length == 1 && args[0].startsWith("--config=")) {
            value = args[0].substring("--config=".length());
        }
        if (value == null || value.isEmpty() || value.startsWith("-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Optional.of(Path.of(value)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code cx-agent desktop} with {@code config} (null: the default file) as the command-line parser would,
     * a failure included: its stack trace on {@code err} and exit status 1.
     */
    static int runPlain(Path config) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            return new DesktopCommand().run(config, out, err);
        } catch (Exception e) {
            e.printStackTrace(err);
            return 1;
        }
    }

    private int run(Path config, PrintWriter out, PrintWriter err) throws Exception {
        Path file = config != null ? config : AgentPaths.forThisUser().configFile();
        if (GraphicsEnvironment.isHeadless()) {
            err.println("cx-agent desktop needs a display; on a machine without one use cx-agent run");
            return 2;
        }
        boolean firstRun = !Files.exists(file);
        Optional<SingleInstance> instance;
        DesktopApp.Parts parts = null;
        if (firstRun) {
            instance = SingleInstance.acquire(AgentPaths.forThisUser().dataDir());
        } else {
            try {
                parts = parts(file);
            } catch (IOException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            instance = SingleInstance.acquire(parts.config().dataDir());
        }
        if (instance.isEmpty()) {
            out.println("CX Pulse is already running; its window was brought forward");
            return 0;
        }
        try (SingleInstance held = instance.get()) {
            AtomicReference<Runnable> show = new AtomicReference<>(() -> {});
            held.onShowRequest(() -> show.get().run());
            SetupWindow setup = null;
            if (firstRun) {
                setup = firstRun(file, show);
                if (setup == null) {
                    err.println("the set-up was closed before it finished; nothing was written");
                    return 1;
                }
                try {
                    parts = parts(file);
                } catch (IOException | IllegalArgumentException e) {
                    err.println(e.getMessage());
                    return 2;
                }
            }
            DesktopApp app = DesktopApp.start(parts);
            show.set(app::showWindow);
            if (setup != null) {
                SwingUtilities.invokeLater(setup::dispose);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "cx-desktop-shutdown"));
            app.awaitQuit();
        }
        return 0;
    }

    /**
     * No configuration yet: the set-up window finds the headset and the line devices, tests the line, enrols and
     * writes {@code file}. Returns the window (still showing that it is done) once the file is written, or null when
     * the agent closed it first.
     */
    private static SetupWindow firstRun(Path file, AtomicReference<Runnable> show)
            throws IOException, InterruptedException {
        Path sysfs = Path.of("/sys");
        Path dev = Path.of("/dev");
        boolean dark = Theme.dark("system");
        Locale locale = Texts.supported(Locale.getDefault());
        try (HidBackend hid = HeadsetBackends.forThisOs(sysfs, dev);
                SetupModel model =
                        new SetupModel(new SetupModel.Parts(hid, file, AgentPaths.forThisUser(), sysfs, dev))) {
            SetupWindow window;
            try {
                window = SetupWindow.open(model, locale, dark);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("cannot build the set-up window: " + e.getCause(), e.getCause());
            }
            show.set(() -> SwingUtilities.invokeLater(window::show));
            Optional<Path> written;
            try {
                written = model.done().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the set-up failed: " + e.getCause(), e.getCause());
            }
            return written.isPresent() ? window : null;
        }
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
