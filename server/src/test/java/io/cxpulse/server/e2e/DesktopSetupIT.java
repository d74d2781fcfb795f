package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.audio.SoundLine;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.config.AgentConfig;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.ui.DesktopApp;
import io.cxpulse.agent.ui.DesktopState;
import io.cxpulse.agent.ui.EdtWatch;
import io.cxpulse.agent.ui.SetupModel;
import io.cxpulse.agent.ui.SetupWindow;
import io.cxpulse.testkit.Await;
import io.cxpulse.testkit.Xvfb;
import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.swing.JComboBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JTextField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run set-up window on a virtual display, end to end: an admin makes an enrolment code through the API; the
 * set-up finds the fake hidraw headset and the in-memory line devices, fails the self-test on a line that does not
 * loop back and passes it on one that does; the server's address and the code are typed into it (mouse and keys
 * through the X server); the token comes back and the configuration is written owner-only; the main window opens
 * and the desk's first call's survey is stored on the server. Each step is photographed in English and Chinese into
 * {@code target/desktop-screenshots/}, and no event the Swing thread dispatches may take more than 100 ms.
 */
class DesktopSetupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Xvfb xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void display() throws Exception {
        xvfb = Xvfb.startForThisJvm();
    }

    @Test
    void anAdminsCodeTypedIntoTheSetUpEnrolsTheDeskAndItsFirstSurveyIsStored() throws Exception {
        Files.createDirectories(Screen.SHOTS);
        FakeMixerProvider.reset(new short[0]);
        FakeHeadsetDevice headset =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        Path configFile = dir.resolve("config").resolve(AgentPaths.CONFIG_FILE);
        AgentPaths paths = new AgentPaths(dir.resolve("config"), dir.resolve("data"));
        try (Loopback server = Loopback.start(dir.resolve("server"), 0);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            HttpResponse<String> made = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri().resolve("/api/enrolments"))
                                    .header("Content-Type", "application/json")
                                    .header("Cookie", server.adminSession())
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"agentId\":\"agent-new\",\"displayName\":\"Lena Park\",\"team\":\"north\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(made.statusCode()).isEqualTo(201);
            String code = JSON.readTree(made.body()).path("code").asText();
            FakeHidraw.Node plugged =
                    fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");

            Robot robot = new Robot();
            robot.setAutoDelay(15);
            SetupModel model = new SetupModel(new SetupModel.Parts(
                    new HidrawBackend(fake.sys, fake.dev, fake.libc()), configFile, paths, fake.sys, fake.dev));
            SetupWindow window = SetupWindow.open(model, Locale.ENGLISH, false);
            Screen.settle();
            EdtWatch watch = Screen.onEdt(() -> EdtWatch.install(100));

            // 1: the headset and the line devices found.
            awaitShown(window, "setup.headset.line", "Desk Headset (0b0e:0001): call control works");
            awaitShown(window, "setup.devices.line", "playback and");
            shoot(window, robot, "setup-1-found", "setup.headset.line", "通话控制正常");

            // 2: a line that does not loop back fails the self-test, clearly.
            choose(window, FakeMixerProvider.PHONE);
            click(robot, window, "setup.selftest.run");
            awaitShown(window, "setup.selftest.line", "FAILED: ");
            shoot(window, robot, "setup-2-selftest-failed", "setup.selftest.line", "未通过：");

            // 3: the looped-back line passes.
            choose(window, FakeMixerProvider.LOOPBACK);
            click(robot, window, "setup.selftest.run");
            awaitShown(window, "setup.selftest.line", "PASSED: ");
            shoot(window, robot, "setup-3-selftest-passed", "setup.selftest.line", "通过：");

            // 4: the server's address and the code, typed as an agent might (lower case, spaces for dashes).
            click(robot, window, "setup.server");
            type(robot, server.uri().toString());
            click(robot, window, "setup.code");
            String typed = code.toLowerCase(Locale.ROOT).replace("-", " ");
            type(robot, typed);
            assertThat(Screen.onEdt(() -> field(window, "setup.server").getText()))
                    .isEqualTo(server.uri().toString());
            assertThat(Screen.onEdt(() -> field(window, "setup.code").getText()))
                    .isEqualTo(typed);
            shoot(window, robot, "setup-4-enrolment", "setup.selftest.line", "通过：");

            // 5: finishing enrols the desk and writes the configuration and the token, owner-only.
            click(robot, window, "setup.finish");
            Optional<Path> written = model.done().get(60, TimeUnit.SECONDS);
            assertThat(written).contains(configFile);
            awaitShown(window, "setup.status", "Set up as agent-new (Lena Park). Opening CX Pulse");
            shoot(window, robot, "setup-5-done", "setup.status", "已设置为 agent-new (Lena Park)");
            assertThat(Files.getPosixFilePermissions(configFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(AgentConfig.tokenFile(configFile)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(configFile.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            AgentConfig config = AgentConfig.load(configFile, paths);
            String token = AgentConfig.readToken(configFile);
            assertThat(config.agentId()).isEqualTo("agent-new");
            assertThat(config.server().toString())
                    .isEqualTo(server.uri().toString().replaceAll("/$", ""));
            assertThat(config.playback()).isEqualTo(FakeMixerProvider.LOOPBACK);
            assertThat(config.capture()).isEqualTo(FakeMixerProvider.LOOPBACK);
            assertThat(Files.readString(configFile)).doesNotContain(token);
            assertThat(count(server, "SELECT COUNT(*) FROM enrolment_codes WHERE used_ms IS NOT NULL"))
                    .isEqualTo(1);

            // 6: the main window opens on the written configuration and the token the server gave.
            Desk.SurveyLine line = new Desk.SurveyLine() {
                @Override
                public Line open(CallSummary call) {
                    return SoundLine.open(config.playback(), config.capture());
                }

                @Override
                public String language(CallSummary call) {
                    return "en";
                }
            };
            DesktopApp app = DesktopApp.start(new DesktopApp.Parts(
                    config, token, new HidrawBackend(fake.sys, fake.dev, fake.libc()), line, Locale.ENGLISH, false));
            try {
                Screen.onEdt(() -> {
                    window.dispose();
                    return null;
                });
                await(
                        app,
                        "connected with the headset",
                        s -> s.link().state() == LinkStatus.State.ONLINE
                                && s.headset().attached());

                // 7: the desk's first call, long enough to be surveyed; its survey reaches the server.
                send(plugged, headset.hookOff());
                Thread.sleep(config.minTalkSeconds() * 1000L + 500);
                send(plugged, headset.hookOn());
                await(app, "the first survey's result", s -> s.survey() == null && s.lastSurvey() != null);
                await(app, "nothing waiting", s -> s.link().pendingEvents() == 0);
                Await.until(
                        "the first survey of agent-new stored",
                        Duration.ofSeconds(15),
                        () -> count(server, "SELECT COUNT(*) FROM surveys WHERE agent_id = 'agent-new'") == 1);
                // The server sends the agent its own scores, though this survey had no answers.
                await(
                        app,
                        "the agent's own scores",
                        s -> s.scores() != null && s.scores().recent().size() == 1);
                Screen.settle();
                Screen.save(robot, Screen.onEdt(() -> app.window().frame().getBounds()), "setup-6-first-survey-en");

                assertThat(watch.slowDispatches())
                        .as(
                                "event-thread dispatches over 100 ms (longest %d ms of %d)",
                                watch.longestMillis(), watch.events())
                        .isEmpty();
            } finally {
                app.close();
            }
            assertThat(app.awaitQuit(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void choose(SetupWindow window, String device) throws Exception {
        Screen.onEdt(() -> {
            for (String name : List.of("setup.playback", "setup.capture")) {
                @SuppressWarnings("unchecked")
                JComboBox<String> box = (JComboBox<String>) find(window.frame(), name);
                box.setSelectedItem(device);
                assertThat(box.getSelectedItem()).isEqualTo(device);
            }
            return null;
        });
    }

    /** A real click through the X server, in the middle of the named component, once it is enabled. */
    private static void click(Robot robot, SetupWindow window, String name) throws Exception {
        Await.until(name + " enabled", Duration.ofSeconds(20), () -> {
            try {
                return Screen.onEdt(() -> find(window.frame(), name).isEnabled());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Point p = Screen.onEdt(() -> {
            Component c = find(window.frame(), name);
            Point at = c.getLocationOnScreen();
            return new Point(at.x + c.getWidth() / 2, at.y + c.getHeight() / 2);
        });
        robot.mouseMove(p.x, p.y);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        Screen.settle();
    }

    /** Types through the X server (a US keyboard): letters, digits and the characters of an address. */
    private static void type(Robot robot, String text) throws Exception {
        for (char ch : text.toCharArray()) {
            boolean shift = ch == ':';
            int key = switch (ch) {
                case ':', ';' -> KeyEvent.VK_SEMICOLON;
                case '/' -> KeyEvent.VK_SLASH;
                case '.' -> KeyEvent.VK_PERIOD;
                case '-' -> KeyEvent.VK_MINUS;
                case ' ' -> KeyEvent.VK_SPACE;
                default -> {
                    if (!Character.isLetterOrDigit(ch)) {
                        throw new IllegalArgumentException("cannot type " + ch);
                    }
                    shift = Character.isUpperCase(ch);
                    yield Character.toUpperCase(ch);
                }
            };
            if (shift) {
                robot.keyPress(KeyEvent.VK_SHIFT);
            }
            robot.keyPress(key);
            robot.keyRelease(key);
            if (shift) {
                robot.keyRelease(KeyEvent.VK_SHIFT);
            }
        }
        Screen.settle();
    }

    private static JTextField field(SetupWindow window, String name) {
        return (JTextField) find(window.frame(), name);
    }

    private static Component find(Container c, String name) {
        for (Component child : c.getComponents()) {
            if (name.equals(child.getName())) {
                return child;
            }
            if (child instanceof Container inner) {
                Component found = find(inner, name);
                if (found != null) {
                    return found;
                }
            }
        }
        if (c instanceof JFrame) {
            throw new AssertionError("no component " + name);
        }
        return null;
    }

    private static void awaitShown(SetupWindow window, String name, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = Screen.onEdt(() -> SetupWindow.text((JLabel) find(window.frame(), name)));
            if (shown.contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " shows \"" + shown + "\", not \"" + text + "\"");
    }

    /** Photographs the window in English, then in Chinese (checking a Chinese text), and switches back. */
    private static void shoot(SetupWindow window, Robot robot, String name, String label, String chinese)
            throws Exception {
        Screen.settle();
        Screen.save(robot, Screen.onEdt(() -> window.frame().getBounds()), name + "-en");
        Screen.onEdt(() -> {
            window.switchLanguage(Locale.SIMPLIFIED_CHINESE);
            return null;
        });
        awaitShown(window, label, chinese);
        Screen.settle();
        Screen.save(robot, Screen.onEdt(() -> window.frame().getBounds()), name + "-zh");
        Screen.onEdt(() -> {
            window.switchLanguage(Locale.ENGLISH);
            return null;
        });
        Screen.settle();
    }

    private static void send(FakeHidraw.Node node, List<byte[]> reports) throws InterruptedException {
        reports.forEach(node::send);
        Thread.sleep(700); // past the echo window in which the headset's own hook reports are ignored
    }

    private static void await(DesktopApp app, String what, Predicate<DesktopState> test) throws InterruptedException {
        Await.until(
                what + " (state " + app.model().state() + ")",
                Duration.ofSeconds(60),
                () -> test.test(app.model().state()));
    }

    private static long count(Loopback server, String sql) {
        try {
            return server.count(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
