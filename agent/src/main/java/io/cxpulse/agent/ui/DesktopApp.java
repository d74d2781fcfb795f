package io.cxpulse.agent.ui;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.AudioDevices;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.headset.HeadsetController;
import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.headset.Quirks;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinitions;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app put together: the agent's {@link Desk} and {@link HeadsetManager} report to a {@link DesktopModel},
 * which the {@link DesktopWindow} and the tray icon show. Opening devices, the outbox and the link happens on the
 * thread that calls {@link #start}, never on the event thread; the event thread only builds and updates the view.
 * Closing the window hides it to the tray (where there is one); quitting asks first.
 */
public final class DesktopApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesktopApp.class);

    /**
     * What the app runs on.
     *
     * @param config the settings
     * @param token the agent's token
     * @param hid where headsets are found
     * @param line the line the survey runs on
     * @param locale the window's language at start
     * @param dark whether the theme is dark
     */
    public record Parts(
            AgentConfig config, String token, HidBackend hid, Desk.SurveyLine line, Locale locale, boolean dark) {
        public Parts {
            Objects.requireNonNull(config);
            Objects.requireNonNull(token);
            Objects.requireNonNull(hid);
            Objects.requireNonNull(line);
            Objects.requireNonNull(locale);
        }
    }

    private final DesktopModel model;
    private final Desk desk;
    private final HeadsetManager headsets;
    private final CountDownLatch quit = new CountDownLatch(1);
    private DesktopWindow window;
    private DesktopTray tray;
    private String headsetName;
    private volatile boolean closed;

    private DesktopApp(Parts parts) throws IOException {
        AgentConfig config = parts.config();
        this.model = new DesktopModel(config.playback(), config.capture());
        this.desk = new Desk(
                new Desk.Identity(config.server(), config.agentId(), parts.token()),
                config.dataDir().resolve("outbox"),
                SurveyDefinitions.defaultSurvey(),
                new PromptLibrary(),
                new SurveyPolicy(config.minTalkSeconds() * 1000L),
                parts.line(),
                model::link,
                model.surveyProgress(),
                model::surveyEnded);
        desk.onProgram(ready -> model.program(ready.program()));
        desk.followPrograms(config.dataDir().resolve("program"));
        HeadsetListener calls = desk.headsetListener();
        HeadsetListener shown = new HeadsetListener() {
            @Override
            public void callAnswered(Instant at) {
                calls.callAnswered(at);
                changed(at);
            }

            @Override
            public void muteChanged(boolean muted, Instant at) {
                calls.muteChanged(muted, at);
                changed(at);
            }

            @Override
            public void holdChanged(boolean held, Instant at) {
                calls.holdChanged(held, at);
                changed(at);
            }

            @Override
            public void callEnded(Instant at) {
                calls.callEnded(at);
                changed(at);
            }

            @Override
            public void connectionChanged(boolean connected, Instant at) {
                calls.connectionChanged(connected, at);
            }

            private void changed(Instant at) {
                model.call(desk.callState(), desk.muted(), at);
            }
        };
        this.headsets = new HeadsetManager(
                parts.hid(),
                config.headset(),
                shown,
                Clock.systemUTC(),
                HeadsetStateMachine.DEFAULT_ECHO_WINDOW,
                Quirks.bundled());
        headsets.onStatusChange(this::headsetChanged);
        desk.onScores(model::scores);
    }

    /**
     * Opens the outbox, builds the window on the event thread and shows it, then starts the link, the headset and
     * the check of the line devices. Call off the event thread.
     */
    public static DesktopApp start(Parts parts) throws IOException, InterruptedException {
        if (SwingUtilities.isEventDispatchThread()) {
            throw new IllegalStateException("the app is started off the event thread");
        }
        DesktopApp app = new DesktopApp(parts);
        Texts.LOCALES.forEach(Texts::of);
        try {
            SwingUtilities.invokeAndWait(() -> app.buildView(parts));
        } catch (InvocationTargetException e) {
            app.close();
            throw new IllegalStateException("cannot build the window: " + e.getCause(), e.getCause());
        }
        warmFonts();
        app.desk.start();
        app.headsets.start();
        app.checkDevices(parts.config());
        return app;
    }

    private void buildView(Parts parts) {
        Theme.install(parts.dark());
        tray = DesktopTray.install(this::showWindow, this::requestQuit);
        window = new DesktopWindow(
                model, Texts.of(parts.locale()), Clock.systemUTC(), this::windowClosed, this::requestQuit, l -> {
                    updateTray(model.state());
                });
        if (tray != null) {
            model.subscribe(s -> SwingUtilities.invokeLater(() -> updateTray(model.state())));
        }
        window.show();
    }

    /**
     * Draws every text of every language once, off the event thread, into an image nobody sees: the fonts (a CJK
     * font is several megabytes) are loaded and their glyphs cached now, not when the agent first switches language.
     */
    static void warmFonts() {
        Font plain = UIManager.getFont("Label.font");
        if (plain == null) {
            return;
        }
        BufferedImage image = new BufferedImage(800, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (Font font : new Font[] {plain, plain.deriveFont(Font.BOLD)}) {
                g.setFont(font);
                for (Locale l : Texts.LOCALES) {
                    Texts t = Texts.of(l);
                    for (String key : t.keys()) {
                        g.drawString(t.get(key).replace("{", "").replace("}", ""), 0, 30);
                    }
                }
            }
        } finally {
            g.dispose();
        }
    }

    private void updateTray(DesktopState s) {
        if (tray == null) {
            return;
        }
        StatusText.Lines lines = new StatusText(window.texts(), ZoneId.systemDefault()).lines(s, Instant.now());
        StatusText.Tone worst = StatusText.Tone.OK;
        for (StatusText.Line l : new StatusText.Line[] {lines.headset(), lines.devices(), lines.link()}) {
            if (l.tone().compareTo(worst) > 0) {
                worst = l.tone();
            }
        }
        tray.update(
                window.texts(),
                worst,
                lines.headset().text() + " · " + lines.link().text());
    }

    /** Looks the line devices up (javax.sound may take a while) on the caller's thread. */
    private void checkDevices(AgentConfig config) {
        String problem = null;
        try {
            AudioDevices.find(config.playback(), true);
            AudioDevices.find(config.capture(), false);
        } catch (AudioDeviceException e) {
            problem = e.getMessage();
        }
        model.devicesChecked(problem);
    }

    /** Called on the headset backend's thread when the active headset comes, goes or cannot be opened. */
    private synchronized void headsetChanged() {
        HidDevice device = headsets.active().map(HeadsetController::device).orElse(null);
        if (device != null) {
            headsetName = device.info().name();
        }
        model.headset(headsetName, device != null, device != null ? null : headsets.problem());
    }

    public DesktopModel model() {
        return model;
    }

    /** The window; touch it on the event thread only. */
    public DesktopWindow window() {
        return window;
    }

    /** Whether the desktop has a tray icon for the app. */
    public boolean hasTray() {
        return tray != null;
    }

    /** Brings the window forward (also what a second start of the app does). */
    public void showWindow() {
        SwingUtilities.invokeLater(() -> window.show());
    }

    private void windowClosed() {
        if (tray != null) {
            window.hide();
        } else {
            requestQuit();
        }
    }

    /** Asks the agent to confirm, then quits; on the event thread. */
    private void requestQuit() {
        if (window.confirmQuit()) {
            Thread stopper = new Thread(this::close, "cx-desktop-quit");
            stopper.start();
        }
    }

    /** Waits until the agent has quit. */
    public void awaitQuit() throws InterruptedException {
        quit.await();
    }

    public boolean awaitQuit(long timeout, TimeUnit unit) throws InterruptedException {
        return quit.await(timeout, unit);
    }

    /** Stops the headset and the desk (unsent events stay in the outbox) and removes the window and tray icon. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            headsets.close();
            desk.close();
        } catch (IOException | RuntimeException e) {
            log.warn("closing the agent: {}", e.getMessage(), e);
        }
        SwingUtilities.invokeLater(() -> {
            if (tray != null) {
                tray.remove();
            }
            if (window != null) {
                window.frame().dispose();
            }
        });
        quit.countDown();
    }
}
