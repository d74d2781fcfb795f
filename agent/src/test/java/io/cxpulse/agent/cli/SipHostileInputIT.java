package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.WavFiles;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.agent.line.sip.BaresipCaller;
import io.cxpulse.agent.line.sip.Sdp;
import io.cxpulse.agent.line.sip.SipCall;
import io.cxpulse.protocol.EndedBy;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.TestAudio;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hostile SIP and RTP input while a real call is in progress: malformed requests, an INVITE with a huge session
 * description, a flood of INVITEs from one address, and garbage at the call's media port. Each is refused (488 with
 * the reason, 486 while the agent is on the call, 503 with Retry-After once one address sends too many), and the call
 * in progress goes on: still established, its audio still flowing, ended in the end by the caller as usual.
 */
class SipHostileInputIT {
    @TempDir
    Path dir;

    private static String invite(int agentPort, int fromPort, String body) {
        String branch = "z9hG4bK-" + UUID.randomUUID();
        return "INVITE sip:agent07@127.0.0.1:" + agentPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + fromPort + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:mallory@127.0.0.1>;tag=" + UUID.randomUUID() + "\r\n"
                + "To: <sip:agent07@127.0.0.1>\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:mallory@127.0.0.1:" + fromPort + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
    }

    private static String sdp(String extra) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                + extra;
    }

    private static void send(DatagramSocket s, int port, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, new InetSocketAddress("127.0.0.1", port)));
    }

    /** Final responses received until the socket stays quiet: status line and Warning or Retry-After. */
    private static List<String> responses(DatagramSocket s, Duration quiet) throws Exception {
        List<String> out = new ArrayList<>();
        s.setSoTimeout((int) quiet.toMillis());
        byte[] buf = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return out;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            String first = text.substring(0, text.indexOf("\r\n"));
            if (first.startsWith("SIP/2.0 1")) {
                continue;
            }
            StringBuilder line = new StringBuilder(first);
            for (String h : text.split("\r\n")) {
                if (h.startsWith("Warning:") || h.startsWith("Retry-After:")) {
                    line.append(" | ").append(h);
                }
            }
            out.add(line.toString());
        }
    }

    @Test
    void hostileInputIsRefusedAndTheCallInProgressGoesOn() throws Exception {
        Path recording = dir.resolve("caller.wav");
        WavFiles.write(recording, TestAudio.noise(40, 200, 1), 8000);
        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        FakeHeadsetDevice device =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        int sipPort = BaresipCaller.freePort();
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"));
                BaresipCaller caller = BaresipCaller.start(dir.resolve("baresip"), recording, "PCMU");
                DatagramSocket mallory = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            RunCommand run = new RunCommand();
            new CommandLine(run)
                    .parseArgs(
                            "--server", "http://127.0.0.1:9",
                            "--agent-id", "agent-07",
                            "--token-file", token.toString(),
                            "--data-dir", dir.resolve("agent").toString(),
                            "--min-talk", "0",
                            "--echo-window", "0",
                            "--sysfs", fake.sys.toString(),
                            "--dev", fake.dev.toString(),
                            "--line", "sip",
                            "--sip-uri", "sip:agent07@127.0.0.1",
                            "--sip-listen", "127.0.0.1:" + sipPort,
                            "--headset-audio", "none");
            try (RunCommand.Running running = run.start()) {
                Await.until(
                        "the headset is attached",
                        Duration.ofSeconds(5),
                        () -> running.headsets().active().isPresent());
                caller.dial("sip:agent07@127.0.0.1:" + sipPort);
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
                int me = mallory.getLocalPort();

                // Malformed requests: the stack drops or refuses them; none reaches the call.
                send(mallory, sipPort, "INVITE sip:agent07@127.0.0.1 SIP/2.0\r\nVia: ???\r\nCSeq: x\r\n\r\n");
                send(mallory, sipPort, "\u0000\u0001garbage\r\n\r\n");
                send(mallory, sipPort, invite(sipPort, me, sdp("")).replace("CSeq: 1 INVITE", "CSeq: -5 BYE"));
                send(mallory, sipPort, invite(sipPort, me, sdp("")).replaceFirst("Call-ID: [^\r]*\r\n", ""));

                // A huge session description (over 8 KiB, 5000 lines): refused with the reason.
                send(
                        mallory,
                        sipPort,
                        invite(
                                sipPort,
                                me,
                                sdp("a=x-junk:" + "y".repeat(10) + "\r\n").repeat(1) + "a=x\r\n".repeat(5000)));
                List<String> hugeAnswer = responses(mallory, Duration.ofSeconds(2));
                assertThat(hugeAnswer)
                        .anySatisfy(r -> assertThat(r).startsWith("SIP/2.0 488").contains("over " + Sdp.MAX_BYTES));

                // A flood of INVITEs from one address: busy while the agent is on the call, then 503 for that address.
                for (int i = 0; i < 30; i++) {
                    send(mallory, sipPort, invite(sipPort, me, sdp("")));
                }
                List<String> floodAnswers = responses(mallory, Duration.ofSeconds(2));
                assertThat(floodAnswers).anySatisfy(r -> assertThat(r).startsWith("SIP/2.0 486"));
                assertThat(floodAnswers)
                        .anySatisfy(r -> assertThat(r).startsWith("SIP/2.0 503").contains("Retry-After"));
                assertThat(floodAnswers).allSatisfy(r -> assertThat(r).matches("SIP/2\\.0 (486|503|400).*"));

                // Garbage at the call's media port.
                long rejectedBefore = call.media().rejected();
                Random random = new Random(3);
                for (int i = 0; i < 200; i++) {
                    byte[] junk = new byte[random.nextInt(300)];
                    random.nextBytes(junk);
                    mallory.send(new DatagramPacket(
                            junk,
                            junk.length,
                            new InetSocketAddress("127.0.0.1", call.media().localPort())));
                }

                // The call in progress is unharmed: still established, its audio still arriving from the caller.
                long before = call.media().received();
                Thread.sleep(1000);
                assertThat(call.state()).isEqualTo(SipCall.State.TALKING);
                assertThat(call.media().received() - before).isGreaterThan(30);
                assertThat(call.media().rejected()).isGreaterThan(rejectedBefore);
                assertThat(running.phone().current()).contains(call);
                assertThat(caller.saw("CALL_CLOSED")).isFalse();

                caller.hangUp();
                Await.until(
                        "the caller's BYE ends the call",
                        Duration.ofSeconds(10),
                        () -> call.state() == SipCall.State.ENDED);
                assertThat(call.endedBy()).isEqualTo(EndedBy.CALLER);
            }
        }
    }
}
