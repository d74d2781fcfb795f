package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.headset.TelephonyUsage;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.line.sip.BaresipCaller;
import io.cxpulse.agent.sim.AgentCredentials;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.TestAudio;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One SIP call end to end, as a contact center runs it: the shaded agent jar started as {@code cx-agent run --line sip
 * ...}, a fake hidraw headset on its desk, Debian's baresip calling the agent's SIP address with a recorded caller, and
 * a real server on loopback. The agent answers from the headset, hangs up, the caller answers the survey with RFC 4733
 * keys on the same call, and the call record (ended by the agent) and the survey are stored once.
 */
class SipCallEndToEndIT {
    private static final Path AGENT_JAR = Path.of("..", "agent", "target", "cx-agent.jar");

    @TempDir
    Path dir;

    @Test
    void theSurveyOnTheCallersLegReachesTheServerOnce() throws Exception {
        assertThat(AGENT_JAR)
                .as("built by the agent module before the server's integration tests")
                .exists();
        short[] talk =
                TestAudio.mix(TestAudio.cadencedTone(2.0, 180, 60, 2500, 220, 330), TestAudio.noise(2.0, 300, 1));
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, TestAudio.concat(talk, TestAudio.noise(88, 80, 2)), 8000);
        FakeHeadsetDevice headset =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        int sipPort = BaresipCaller.freePort();

        try (Loopback server = Loopback.start(dir.resolve("server"), 0);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            AgentCredentials agent = server.agents(1).get(0);
            Path token = Files.writeString(dir.resolve("token"), agent.token());
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(
                            java.toString(),
                            "-jar",
                            AGENT_JAR.toString(),
                            "run",
                            "--server",
                            server.uri().toString(),
                            "--agent-id",
                            agent.agentId(),
                            "--token-file",
                            token.toString(),
                            "--data-dir",
                            dir.resolve("agent").toString(),
                            "--min-talk",
                            "0",
                            "--sysfs",
                            fake.sys.toString(),
                            "--dev",
                            fake.dev.toString(),
                            "--line",
                            "sip",
                            "--sip-uri",
                            "sip:agent07@127.0.0.1",
                            "--sip-listen",
                            "127.0.0.1:" + sipPort,
                            "--headset-audio",
                            "none")
                    .redirectError(dir.resolve("agent.log").toFile())
                    .start();
            BlockingQueue<String> out = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    r.lines().forEach(out::add);
                } catch (Exception e) {
                    // the agent stopped
                }
            });
            pump.setDaemon(true);
            pump.start();
            try {
                assertThat(out.poll(60, TimeUnit.SECONDS))
                        .as("agent start-up line; log:\n%s", log())
                        .startsWith("cx-agent running as " + agent.agentId());
                assertThat(out.poll(10, TimeUnit.SECONDS))
                        .isEqualTo("SIP line sip:agent07@127.0.0.1 listening on port " + sipPort);

                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
                awaitLed(node, headset, TelephonyUsage.LED_RING, true);
                headset.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                awaitLed(node, headset, TelephonyUsage.LED_OFF_HOOK, true);
                Thread.sleep(2000); // agent and caller talk
                headset.hookOn().forEach(node::send);
                awaitLed(node, headset, TelephonyUsage.LED_OFF_HOOK, false);
                assertThat(caller.saw("CALL_CLOSED"))
                        .as("the caller stays for the survey")
                        .isFalse();
                Thread.sleep(1500);
                for (String key : List.of("5", "1", "0", "1")) {
                    caller.keys(key);
                    Thread.sleep(700);
                }
                caller.await("CALL_CLOSED", Duration.ofSeconds(90));

                Await.until("the call and its survey are stored", Duration.ofSeconds(30), () -> stored(server) == 1);
                assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
                assertThat(server.count("SELECT COUNT(*) FROM calls WHERE ended_by = 'agent' AND survey_offered = 1"))
                        .isEqualTo(1);
                assertThat(server.count("SELECT COUNT(*) FROM surveys WHERE status = 'completed' AND csat = 5"
                                + " AND nps = 10 AND resolved = 1"))
                        .isEqualTo(1);
                assertThat(server.count("SELECT COUNT(*) FROM surveys s JOIN calls c ON c.call_id = s.call_id"))
                        .isEqualTo(1);
            } finally {
                process.destroy(); // SIGTERM: the agent's shutdown hook closes the line and the outbox
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            // Stored once: nothing more arrives after the agent stopped (and would resend anything unacknowledged).
            assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(1);
            assertThat(server.count("SELECT COUNT(*) FROM surveys")).isEqualTo(1);
        }
    }

    private static long stored(Loopback server) {
        try {
            return server.count("SELECT COUNT(*) FROM surveys");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("agent.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }

    /** Reads the agent's output reports until the LED is in the wanted state. */
    private void awaitLed(FakeHidraw.Node node, FakeHeadsetDevice headset, TelephonyUsage led, boolean on) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (headset.led(led) != on) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(led + " never turned " + (on ? "on" : "off") + "; agent log:\n" + log());
            }
            try {
                node.outputs(1, Duration.ofMillis(500)).forEach(headset::applyOutput);
            } catch (AssertionError nothingYet) {
                // no report within the slice: look again
            }
        }
    }
}
