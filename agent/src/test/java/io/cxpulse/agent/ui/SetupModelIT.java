package io.cxpulse.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.hid.linux.DenyingLibC;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.hid.linux.HidrawBackend;
import io.cxpulse.testkit.Await;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-run set-up's model without a screen: the headset and line devices it finds (Linux hidraw backend on a
 * fake sysfs, the in-memory sound devices), the line self-test's pass and fail, and every way finishing stops before
 * anything is written. Enrolling with a real server and the window itself are tested in the server module
 * ({@code DesktopSetupIT}).
 */
class SetupModelIT {
    @TempDir
    Path dir;

    private Path configFile;

    @BeforeEach
    void quietLine() {
        FakeMixerProvider.reset(new short[0]);
        configFile = dir.resolve("config").resolve(AgentPaths.CONFIG_FILE);
    }

    private SetupModel model(HidrawBackend backend) {
        return new SetupModel(new SetupModel.Parts(
                backend,
                configFile,
                new AgentPaths(dir.resolve("config"), dir.resolve("data")),
                Path.of("/sys"),
                Path.of("/dev")));
    }

    private static SetupModel.State await(SetupModel model, String what, Predicate<SetupModel.State> condition)
            throws InterruptedException {
        Await.until(what, Duration.ofSeconds(20), () -> condition.test(model.state()));
        return model.state();
    }

    private static boolean idle(SetupModel.State s) {
        return s.task() == SetupModel.Task.NONE;
    }

    @Test
    void findsTheHeadsetAndTheLineDevicesAndTellsAPassFromAFail() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
                SetupModel model = model(backend)) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            model.scan();
            SetupModel.State s = await(model, "the scan", st -> st.scanned() && idle(st));
            assertThat(s.headset().name()).isEqualTo("Desk Headset");
            assertThat(s.headset().vidPid()).isEqualTo("0b0e:0001");
            assertThat(s.headset().problem()).isNull();
            assertThat(s.devices().playback()).contains(FakeMixerProvider.LOOPBACK, FakeMixerProvider.PHONE);
            assertThat(s.devices().capture()).contains(FakeMixerProvider.LOOPBACK, FakeMixerProvider.PHONE);
            SetupText en = new SetupText(Texts.of(Locale.ENGLISH));
            assertThat(en.headset(s).text()).isEqualTo("Desk Headset (0b0e:0001): call control works");
            assertThat(en.headset(s).tone()).isEqualTo(StatusText.Tone.OK);

            // The phone that hears nothing back fails, clearly; the looped-back line passes.
            model.selfTest(FakeMixerProvider.PHONE, FakeMixerProvider.PHONE);
            s = await(model, "the failed self-test", st -> st.selfTest() != null && idle(st));
            assertThat(s.selfTest().passed()).isFalse();
            assertThat(en.selfTest(s).text()).startsWith("FAILED: ");
            assertThat(en.selfTest(s).tone()).isEqualTo(StatusText.Tone.ERROR);
            assertThat(new SetupText(Texts.of(Locale.SIMPLIFIED_CHINESE))
                            .selfTest(s)
                            .text())
                    .startsWith("未通过：");
            model.selfTest(FakeMixerProvider.LOOPBACK, FakeMixerProvider.LOOPBACK);
            s = await(model, "the passed self-test", st -> st.selfTest().passed() && idle(st));
            assertThat(en.selfTest(s).text()).startsWith("PASSED: ");
            assertThat(en.selfTest(s).tone()).isEqualTo(StatusText.Tone.OK);
            assertThat(s.selfTest().playback()).isEqualTo(FakeMixerProvider.LOOPBACK);
        }
    }

    @Test
    void aHeadsetTheUserMayNotOpenComesWithTheFix() throws Exception {
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            DenyingLibC libc = new DenyingLibC(fake.libc());
            libc.deny(fake.dev.resolve("hidraw0").toString());
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, libc);
                    SetupModel model = model(backend)) {
                model.scan();
                SetupModel.State s = await(model, "the scan", st -> st.scanned() && idle(st));
                assertThat(s.headset().problem()).contains("70-cx-pulse-headsets.rules");
                StatusText.Line line = new SetupText(Texts.of(Locale.ENGLISH)).headset(s);
                assertThat(line.text())
                        .startsWith("Desk Headset cannot be used: ")
                        .contains("udevadm");
                assertThat(line.tone()).isEqualTo(StatusText.Tone.ERROR);
            }
        }
    }

    @Test
    void finishingStopsAtTheFirstProblemAndWritesNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                HidrawBackend backend = new HidrawBackend(fake.sys, fake.dev, fake.libc());
                SetupModel model = model(backend)) {
            model.scan();
            SetupModel.State s = await(model, "the scan", st -> st.scanned() && idle(st));
            assertThat(new SetupText(Texts.of(Locale.ENGLISH)).headset(s).text())
                    .startsWith("No headset with call control found");
            String loop = FakeMixerProvider.LOOPBACK;
            Map<SetupModel.Answers, SetupModel.Step> cases = Map.of(
                    new SetupModel.Answers("ftp://cx.example.com", "K7QM-2HXD-9RTA", loop, loop, null),
                    SetupModel.Step.SERVER,
                    new SetupModel.Answers("", "K7QM-2HXD-9RTA", loop, loop, null),
                    SetupModel.Step.SERVER,
                    new SetupModel.Answers("http://127.0.0.1:" + closedPort, " ", loop, loop, null),
                    SetupModel.Step.CODE,
                    new SetupModel.Answers("http://127.0.0.1:" + closedPort, "K7QM-2HXD-9RTA", null, loop, null),
                    SetupModel.Step.DEVICES,
                    new SetupModel.Answers(
                            "http://127.0.0.1:" + closedPort,
                            "K7QM-2HXD-9RTA",
                            FakeMixerProvider.PHONE,
                            FakeMixerProvider.PHONE,
                            null),
                    SetupModel.Step.SELF_TEST,
                    new SetupModel.Answers("http://127.0.0.1:" + closedPort, "K7QM-2HXD-9RTA", loop, loop, null),
                    SetupModel.Step.ENROL);
            for (Map.Entry<SetupModel.Answers, SetupModel.Step> c : cases.entrySet()) {
                model.finish(c.getKey());
                s = await(model, "stopped at " + c.getValue(), st -> st.problem() != null && idle(st));
                assertThat(s.problem().step()).as(c.getKey().toString()).isEqualTo(c.getValue());
                assertThat(s.written()).isNull();
                model.selfTest(FakeMixerProvider.PHONE, FakeMixerProvider.PHONE); // clears the problem
                await(model, "the problem cleared", st -> st.problem() == null && idle(st));
            }
            model.finish(new SetupModel.Answers("http://127.0.0.1:" + closedPort, "K7QM-2HXD-9RTA", loop, loop, null));
            s = await(model, "unreachable", st -> st.problem() != null && idle(st));
            assertThat(new SetupText(Texts.of(Locale.ENGLISH)).status(s).text())
                    .startsWith("Enrolment failed: cannot reach http://127.0.0.1:" + closedPort);
            assertThat(model.done()).isNotDone();
            assertThat(Files.exists(configFile)).isFalse();
            assertThat(Files.exists(configFile.getParent())).isFalse();
        }
        assertThat(Files.exists(configFile)).isFalse();
    }
}
