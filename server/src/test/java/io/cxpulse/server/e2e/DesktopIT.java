package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.DenyingLibC;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.agent.ui.DesktopApp;
import io.cxpulse.agent.ui.DesktopState;
import io.cxpulse.agent.ui.EdtWatch;
import io.cxpulse.testkit.Await;
import io.cxpulse.testkit.Xvfb;
import java.awt.Component;
import java.awt.Container;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app on a virtual display, driven through every state it shows: the Linux hidraw backend on a fake
 * sysfs with a pseudo-terminal as the headset, the javax.sound line on the in-memory phone, and a real server on
 * loopback. Each state is photographed in English and in Chinese under {@code target/desktop-screenshots/}. All the
 * while, no event the Swing thread dispatches may take more than 100 ms.
 */
class DesktopIT {
    private static Xvfb xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void display() throws Exception {
        xvfb = Xvfb.startForThisJvm();
    }

    @Test
    void theWindowFollowsTheDeskThroughEveryStateInEnglishAndChinese() throws Exception {
        Files.createDirectories(Screen.SHOTS);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // The demo server keeps its agents' tokens across restarts: learn one, then start the app with the server down.
        AgentCredentials agent;
        try (Loopback first = Loopback.start(dir.resolve("server"), port)) {
            agent = first.agents(1).get(0);
        }

        DtmfGenerator keys = new DtmfGenerator(8000).withToneMs(80).withGapMs(600);
        short[] tones = keys.digits("5101");
        short[] caller = new short[8000 + tones.length];
        System.arraycopy(tones, 0, caller, 8000, tones.length);
        FakeMixerProvider.reset(caller);
        CountDownLatch surveyMayGoOn = new CountDownLatch(1);
        AtomicReference<GatedLine> line = new AtomicReference<>();

        FakeHeadsetDevice headset =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            DenyingLibC libc = new DenyingLibC(fake.libc());
            String node = fake.dev.resolve("hidraw0").toString();
            libc.deny(node);
            Path configFile = dir.resolve("config").resolve("agent.properties");
            AgentConfig config = new AgentConfig(
                    URI.create("http://127.0.0.1:" + port),
                    agent.agentId(),
                    null,
                    FakeMixerProvider.PHONE,
                    FakeMixerProvider.PHONE,
                    "en",
                    0,
                    dir.resolve("agent-data"),
                    "light",
                    Locale.ENGLISH,
                    fake.sys,
                    fake.dev);
            config.save(configFile);
            AgentConfig.writeToken(configFile, agent.token());
            Desk.SurveyLine surveyLine = new Desk.SurveyLine() {
                @Override
                public Line open(CallSummary call) {
                    // Hold the survey once the caller has keyed 5, 1 and 0 (about 3 s in), for the photograph.
                    GatedLine gated = new GatedLine(
                            SoundLine.open(FakeMixerProvider.PHONE, FakeMixerProvider.PHONE), 24_000, surveyMayGoOn);
                    line.set(gated);
                    return gated;
                }

                @Override
                public String language(CallSummary call) {
                    return "en";
                }
            };
            DesktopApp app = DesktopApp.start(new DesktopApp.Parts(
                    AgentConfig.load(configFile, AgentPaths.forThisUser()),
                    AgentConfig.readToken(configFile),
                    new HidrawBackend(fake.sys, fake.dev, libc),
                    surveyLine,
                    Locale.ENGLISH,
                    false));
            Loopback server = null;
            try {
                // The event thread is watched from the moment the window is up and painted.
                Robot robot = new Robot();
                Screen.settle();
                EdtWatch watch = Screen.onEdt(() -> EdtWatch.install(100));

                // 1: the server is down and no headset is plugged in.
                await(
                        app,
                        "offline and no headset",
                        s -> s.link().state() == LinkStatus.State.OFFLINE
                                && s.headset().name() == null
                                && s.devices().checked());
                awaitShown(app, "link", "Reconnecting");
                awaitShown(app, "headset", "No headset with call control found");
                assertThat(app.hasTray()).as("Xvfb has no tray").isFalse();
                shoot(app, robot, "1-offline-no-headset", "link", "正在重新连接");

                // 2: a headset the user may not open: the window says so and gives the exact fix.
                FakeHidraw.Node plugged =
                        fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
                await(app, "the permission problem", s -> s.headset().problem() != null);
                awaitShown(app, "headset", "native-config/linux/70-cx-pulse-headsets.rules");
                shoot(app, robot, "2-headset-permission", "headset", "无法使用");

                // 3: the server comes up and the fixed headset is replugged.
                server = Loopback.start(dir.resolve("server"), port);
                libc.allow(node);
                fake.unplug("hidraw0");
                plugged = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
                await(
                        app,
                        "connected with the headset",
                        s -> s.link().state() == LinkStatus.State.ONLINE
                                && s.headset().attached());
                awaitShown(app, "link", "Connected");
                awaitShown(app, "headset", "Desk Headset: call control works");
                awaitShown(app, "devices", FakeMixerProvider.PHONE);
                shoot(app, robot, "3-ready", "link", "已连接");

                // 4-6: a call, muted, then held; the call's clock runs.
                send(plugged, headset.hookOff());
                await(app, "a call", s -> s.call().since() != null);
                awaitShown(app, "call", "On a call 0:01");
                shoot(app, robot, "4-call", "call", "通话中");
                send(plugged, headset.pressMute());
                await(app, "muted", s -> s.call().muted());
                awaitShown(app, "call", "Muted");
                shoot(app, robot, "5-muted", "call", "已静音");
                send(plugged, headset.pressHold());
                await(app, "held", s -> s.call().held());
                awaitShown(app, "call", "On hold");
                shoot(app, robot, "6-held", "call", "保持中");
                send(plugged, headset.pressHold());
                send(plugged, headset.pressMute());
                await(
                        app,
                        "back on the call",
                        s -> !s.call().held() && !s.call().muted());

                // 7: hanging up starts the survey; the window shows the question and the keys heard.
                send(plugged, headset.hookOn());
                await(
                        app,
                        "the survey at the gate",
                        s -> line.get() != null && line.get().reached().getCount() == 0);
                await(
                        app,
                        "keys heard",
                        s -> s.survey() != null && s.survey().keys().equals("510"));
                awaitShown(app, "survey", "keys heard: 510");
                shoot(app, robot, "7-survey", "survey", "已听到按键：510");

                // 8: the survey ends; its result is shown and the server has stored it.
                surveyMayGoOn.countDown();
                await(app, "the survey's result", s -> s.survey() == null && s.lastSurvey() != null);
                DesktopState done = app.model().state();
                assertThat(done.lastSurvey().status()).isEqualTo("completed");
                assertThat(done.lastSurvey().answers())
                        .containsEntry("csat", 5)
                        .containsEntry("nps", 10)
                        .containsEntry("resolved", true);
                awaitShown(app, "last", "completed: Satisfaction 5, Recommend 10, Resolved yes");
                await(app, "nothing waiting", s -> s.link().pendingEvents() == 0);
                Loopback stored = server;
                Await.until(
                        "the survey stored on the server",
                        Duration.ofSeconds(10),
                        () -> count(
                                        stored,
                                        "SELECT COUNT(*) FROM surveys WHERE agent_id = '" + agent.agentId()
                                                + "' AND nps = 10 AND csat = 5")
                                == 1);
                // The server sends the agent its own scores over the link once the survey is stored.
                await(
                        app,
                        "the agent's own scores",
                        s -> s.scores() != null && s.scores().today().npsResponses() == 1);
                awaitShown(app, "scores", "Today: NPS 100 ±");
                awaitShown(app, "scores", "(n=1) · CSAT 5.0 (n=1)");
                awaitShown(app, "scores", "Satisfaction 5, Recommend 10, Resolved yes");
                shoot(app, robot, "8-result", "last", "已完成");

                // 9: closing the window (no tray here) asks to quit and says calls will not be surveyed.
                for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE)) {
                    Screen.onEdt(() -> {
                        app.window().switchLanguage(locale);
                        return null;
                    });
                    SwingUtilities.invokeLater(() -> app.window()
                            .frame()
                            .dispatchEvent(new WindowEvent(app.window().frame(), WindowEvent.WINDOW_CLOSING)));
                    JDialog dialog = awaitDialog();
                    String message = Screen.onEdt(() -> texts(dialog));
                    assertThat(message).contains(locale == Locale.ENGLISH ? "calls will not be surveyed" : "不会进行调查");
                    Screen.settle();
                    Screen.save(robot, Screen.onEdt(dialog::getBounds), "9-quit-confirmation-" + tag(locale));
                    Screen.onEdt(() -> {
                        button(dialog, app.window().texts().get("quit.no")).doClick();
                        return null;
                    });
                }
                assertThat(app.awaitQuit(1, TimeUnit.SECONDS))
                        .as("keep running")
                        .isFalse();
                assertThat(Screen.onEdt(() -> app.window().frame().isVisible())).isTrue();

                assertThat(watch.slowDispatches())
                        .as(
                                "event-thread dispatches over 100 ms (longest %d ms of %d)",
                                watch.longestMillis(), watch.events())
                        .isEmpty();
                assertThat(watch.events()).isGreaterThan(20);
                // The watch itself sees a blocked event thread (long enough that no wait for a CPU after it can hide
                // it).
                SwingUtilities.invokeAndWait(() -> sleep(600));
                // invokeAndWait returns as soon as the task ends, before the watch's dispatch has finished timing it;
                // the next dispatch starts only after that one has returned.
                SwingUtilities.invokeAndWait(() -> {});
                assertThat(watch.slowDispatches()).hasSize(1);
            } finally {
                app.close();
                if (server != null) {
                    server.close();
                }
            }
            assertThat(app.awaitQuit(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void send(FakeHidraw.Node node, List<byte[]> reports) throws InterruptedException {
        reports.forEach(node::send);
        Thread.sleep(700); // past the echo window in which the headset's own hook reports are ignored
    }

    private static long count(Loopback server, String sql) {
        try {
            return server.count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void await(DesktopApp app, String what, Predicate<DesktopState> test) throws InterruptedException {
        Await.until(
                what + " (state " + app.model().state() + ")",
                Duration.ofSeconds(30),
                () -> test.test(app.model().state()));
    }

    private static void awaitShown(DesktopApp app, String section, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = Screen.onEdt(() -> app.window().shown().get(section));
            if (shown.contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the " + section + " section shows \"" + shown + "\", not \"" + text + "\"");
    }

    /** Photographs the window in English, then in Chinese (checking a Chinese text), and switches back. */
    private static void shoot(DesktopApp app, Robot robot, String name, String section, String chinese)
            throws Exception {
        Screen.settle();
        Screen.save(robot, Screen.onEdt(() -> app.window().frame().getBounds()), name + "-en");
        Screen.onEdt(() -> {
            app.window().switchLanguage(Locale.SIMPLIFIED_CHINESE);
            return null;
        });
        awaitShown(app, section, chinese);
        Screen.settle();
        Screen.save(robot, Screen.onEdt(() -> app.window().frame().getBounds()), name + "-zh");
        Screen.onEdt(() -> {
            app.window().switchLanguage(Locale.ENGLISH);
            return null;
        });
    }

    private static String tag(Locale locale) {
        return locale.getLanguage();
    }

    private static JDialog awaitDialog() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JDialog found = Screen.onEdt(() -> {
                for (Window w : Window.getWindows()) {
                    if (w instanceof JDialog d && d.isShowing()) {
                        return d;
                    }
                }
                return null;
            });
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no quit confirmation appeared");
    }

    private static String texts(Container c) {
        StringBuilder sb = new StringBuilder();
        for (Component child : c.getComponents()) {
            if (child instanceof JLabel l) {
                sb.append(l.getText()).append('\n');
            } else if (child instanceof JTextComponent t) {
                sb.append(t.getText()).append('\n');
            }
            if (child instanceof Container inner) {
                sb.append(texts(inner));
            }
        }
        return sb.toString();
    }

    private static AbstractButton button(Container c, String text) {
        List<AbstractButton> found = new ArrayList<>();
        collect(c, found);
        return found.stream()
                .filter(b -> text.equals(b.getText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no button \"" + text + "\""));
    }

    private static void collect(Container c, List<AbstractButton> out) {
        for (Component child : c.getComponents()) {
            if (child instanceof AbstractButton b) {
                out.add(b);
            }
            if (child instanceof Container inner) {
                collect(inner, out);
            }
        }
    }

    /** Sleeps the whole time even if the thread's interrupt flag is set (AWT may leave it set on its thread). */
    private static void sleep(long ms) {
        boolean interrupted = Thread.interrupted();
        long end = System.nanoTime() + ms * 1_000_000;
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
