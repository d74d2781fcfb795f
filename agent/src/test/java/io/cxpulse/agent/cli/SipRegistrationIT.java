package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.line.sip.BaresipCaller;
import io.cxpulse.agent.line.sip.Kamailio;
import io.cxpulse.agent.line.sip.PbxCertificates;
import io.cxpulse.agent.line.sip.Registration;
import io.cxpulse.agent.line.sip.SipCall;
import io.cxpulse.agent.line.sip.TcpRelay;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The SIP line behind a PBX: kamailio as registrar (digest authentication) and proxy. The agent registers with its
 * password and refreshes the binding before it expires; a caller reaches it through the proxy by its address of
 * record alone; a wrong password is refused with a status that says what to check.
 */
class SipRegistrationIT {
    @TempDir
    Path dir;

    private RunCommand.Running start(FakeHidraw fake, int sipPort, int registrarPort, String password, String... more)
            throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        Path pass = Files.writeString(dir.resolve("sip-password-" + password), password + "\n");
        RunCommand run = new RunCommand();
        List<String> args = new ArrayList<>(List.of(
                "--server",
                "http://127.0.0.1:9",
                "--agent-id",
                "agent-07",
                "--token-file",
                token.toString(),
                "--data-dir",
                dir.resolve("agent-" + password).toString(),
                "--min-talk",
                "0",
                "--echo-window",
                "0",
                "--sysfs",
                fake.sys.toString(),
                "--dev",
                fake.dev.toString(),
                "--line",
                "sip",
                "--sip-uri",
                "sip:agent07@127.0.0.1",
                "--sip-registrar",
                "127.0.0.1:" + registrarPort,
                "--sip-password-file",
                pass.toString(),
                "--sip-listen",
                "127.0.0.1:" + sipPort,
                "--headset-audio",
                "none"));
        args.addAll(List.of(more));
        new CommandLine(run).parseArgs(args.toArray(String[]::new));
        return run.start();
    }

    @Test
    void registersWithDigestAuthRefreshesAndTakesACallThroughTheProxy() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, TestAudio.noise(60, 200, 1), 8000);
        FakeHeadsetDevice device =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 3);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU")) {
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running = start(fake, BaresipCaller.freePort(), pbx.port, "s3cret-pw")) {
                Await.until(
                        "registered; log:\n" + pbx.log(),
                        Duration.ofSeconds(10),
                        () -> running.phone().registration().state() == Registration.State.REGISTERED);
                assertThat(running.phone().registration().detail()).contains("for 3 s");
                Await.until(
                        "the binding is refreshed before it expires",
                        Duration.ofSeconds(10),
                        () -> running.phone().registrations() >= 3);
                Await.until(
                        "the headset is attached",
                        Duration.ofSeconds(5),
                        () -> running.headsets().active().isPresent());

                caller.dial("sip:agent07@127.0.0.1:" + pbx.port); // the address of record, at the proxy
                Await.until(
                        "the headset rings",
                        Duration.ofSeconds(10),
                        () -> running.headsets()
                                .active()
                                .map(h -> h.ledState().ring())
                                .orElse(false));
                SipCall call = running.phone().current().orElseThrow();
                device.hookOff().forEach(node::send);
                caller.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                assertThat(call.await(SipCall.State.TALKING, 5000)).isTrue();
                Await.until(
                        "caller audio arrives",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > 20);
                caller.hangUp();
                Await.until(
                        "the call ends at the agent",
                        Duration.ofSeconds(10),
                        () -> running.desk().callState() == CallTracker.State.IDLE);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearStatus() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running = start(fake, BaresipCaller.freePort(), pbx.port, "guessed")) {
                Await.until(
                        "the registration fails",
                        Duration.ofSeconds(10),
                        () -> running.phone().registration().state() == Registration.State.FAILED);
                Registration r = running.phone().registration();
                assertThat(r.status()).isEqualTo(403);
                assertThat(r.detail())
                        .contains("Forbidden")
                        .contains("127.0.0.1:" + pbx.port)
                        .contains("--sip-password-file");
                assertThat(running.phone().registrations()).isZero();
            }
        }
    }

    @Test
    void keepsTheUdpPathToTheRegistrarAliveWithOptions() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running =
                    start(fake, BaresipCaller.freePort(), pbx.port, "s3cret-pw", "--sip-keepalive", "1")) {
                Await.until(
                        "registered",
                        Duration.ofSeconds(10),
                        () -> running.phone().registration().state() == Registration.State.REGISTERED);
                Await.until(
                        "three keep-alives answered by the registrar; log:\n" + pbx.log(),
                        Duration.ofSeconds(10),
                        () -> running.phone().keepAlives() >= 3);
                assertThat(pbx.log()).contains("keep-alive OPTIONS from 127.0.0.1");
                assertThat(running.phone().registrations()).isEqualTo(1); // keep-alives are no re-registrations
            }
        }
    }

    @Test
    void keepsTheTcpConnectionToTheRegistrarAliveWithCrlfPings() throws Exception {
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60);
                TcpRelay path = new TcpRelay(pbx.port);
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running = start(
                    fake,
                    BaresipCaller.freePort(),
                    path.port(),
                    "s3cret-pw",
                    "--sip-transport",
                    "tcp",
                    "--sip-keepalive",
                    "1")) {
                Await.until(
                        "registered over TCP; log:\n" + pbx.log(),
                        Duration.ofSeconds(10),
                        () -> running.phone().registration().state() == Registration.State.REGISTERED);
                Await.until(
                        "three CRLF pings answered by kamailio's CRLF pongs",
                        Duration.ofSeconds(10),
                        () -> path.pings() >= 3 && path.pongs() >= 3);
                assertThat(running.phone().keepAlives()).isGreaterThanOrEqualTo(3);
                assertThat(running.phone().registration().state()).isEqualTo(Registration.State.REGISTERED);
            }
        }
    }

    @Test
    void registersOverTlsTrustingThePrivateCaAndPlacesACallThroughTheProxy() throws Exception {
        PbxCertificates certs = PbxCertificates.make(dir.resolve("certs"));
        Path recording = dir.resolve("callee.wav");
        WavFiles.write(recording, TestAudio.noise(60, 200, 1), 8000);
        FakeHeadsetDevice device =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60, certs.pbxCert(), certs.pbxKey());
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller callee = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU", "auto")) {
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running = start(
                    fake,
                    BaresipCaller.freePort(),
                    pbx.tlsPort,
                    "s3cret-pw",
                    "--sip-transport",
                    "tls",
                    "--sip-ca-file",
                    certs.caCert().toString(),
                    "--sip-keepalive",
                    "1")) {
                try {
                    Await.until(
                            "registered over TLS",
                            Duration.ofSeconds(15),
                            () -> running.phone().registration().state() == Registration.State.REGISTERED);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; kamailio's log:\n" + pbx.log(), e);
                }
                Await.until(
                        "CRLF pings on the TLS connection",
                        Duration.ofSeconds(10),
                        () -> running.phone().keepAlives() >= 2);
                Await.until(
                        "the headset is attached",
                        Duration.ofSeconds(5),
                        () -> running.headsets().active().isPresent());
                SipCall call = running.handset().dial(callee.uri()); // INVITE over TLS to the proxy, UDP beyond
                device.hookOff().forEach(node::send);
                callee.await("CALL_ESTABLISHED", Duration.ofSeconds(10));
                assertThat(call.await(SipCall.State.TALKING, 5000)).isTrue();
                Await.until(
                        "callee audio arrives",
                        Duration.ofSeconds(5),
                        () -> call.media().received() > 20);
                callee.hangUp();
                Await.until("the call ends", Duration.ofSeconds(10), () -> call.state() == SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
            }
        }
    }

    @Test
    void refusesAPbxWhoseCertificateThePrivateCaDidNotSign() throws Exception {
        PbxCertificates certs = PbxCertificates.make(dir.resolve("certs"));
        try (Kamailio pbx = Kamailio.start(dir.resolve("kamailio"), "s3cret-pw", 60, certs.pbxCert(), certs.pbxKey());
                FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            try (RunCommand.Running running = start(
                    fake,
                    BaresipCaller.freePort(),
                    pbx.tlsPort,
                    "s3cret-pw",
                    "--sip-transport",
                    "tls",
                    "--sip-ca-file",
                    certs.otherCaCert().toString())) {
                Await.until(
                        "the registration fails",
                        Duration.ofSeconds(15),
                        () -> running.phone().registration().state() == Registration.State.FAILED);
                assertThat(running.phone().registration().detail())
                        .contains("TLS with 127.0.0.1:" + pbx.tlsPort)
                        .contains("--sip-ca-file");
                assertThat(running.phone().registrations()).isZero();
                assertThat(pbx.log()).doesNotContain("REGISTER of");
            }
        }
    }
}
