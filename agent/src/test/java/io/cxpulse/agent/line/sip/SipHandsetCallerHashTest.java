package io.cxpulse.agent.line.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.call.CallerNumbers;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.testkit.Await;
import io.cxpulse.testsupport.OfflineDesk;
import io.cxpulse.testsupport.ProgramOnDisk;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIP line at the desk's boundary, on the real code path: a PBX's INVITE reaches a real {@link SipPhone}, the
 * headset's hook-off answers it through the {@link SipHandset}, and the call record the desk writes carries the
 * caller's number only as its hash with the center's salt (from the program kept on disk; no server is reachable).
 */
class SipHandsetCallerHashTest {
    private static final String SALT = "a5".repeat(32);

    @TempDir
    Path dir;

    @Test
    void theCallersNumberFromTheInviteReachesTheCallRecordAsItsHash() throws Exception {
        // A program whose talk minimum no call here reaches: the call is not surveyed and its line let go at once.
        ProgramOnDisk.write(dir.resolve("program"), new SurveyProgram.Audience(3_600_000L, 100, 30), SALT);
        SipHandset handset = new SipHandset(Clock.systemUTC(), null, "en");
        int sipPort = BaresipCaller.freePort();
        try (Desk desk = OfflineDesk.open(dir, handset);
                DatagramSocket pbx = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            desk.followPrograms(dir.resolve("program"));
            handset.bind(desk);
            try (SipPhone phone = SipPhone.start(
                    new SipSettings("agent07", "127.0.0.1", new InetSocketAddress("127.0.0.1", sipPort), null, null),
                    handset)) {
                handset.phone(phone);
                String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio 40002 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
                String invite = "INVITE sip:agent07@127.0.0.1:" + phone.port() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bKhash1\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "From: \"Ana Lima\" <sip:+44-20-7946-0000@pbx.example.com>;tag=p1\r\n"
                        + "To: <sip:agent07@127.0.0.1>\r\n"
                        + "Call-ID: hash-test-1@127.0.0.1\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Contact: <sip:pbx@127.0.0.1:" + pbx.getLocalPort() + ">\r\n"
                        + "Content-Type: application/sdp\r\n"
                        + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
                byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
                pbx.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), phone.port()));
                Await.until(
                        "the call rings",
                        Duration.ofSeconds(10),
                        () -> phone.current().isPresent());
                SipCall call = phone.current().orElseThrow();

                // The headset's hook-off, once the handset has the ringing call (a hook-off before it answers nothing).
                Await.until("the hook-off answers the call", Duration.ofSeconds(10), () -> {
                    handset.callAnswered(Clock.systemUTC().instant());
                    return call.state() == SipCall.State.ANSWERED;
                });
                handset.callEnded(Clock.systemUTC().instant().plusSeconds(5)); // the agent's hook-on
                Await.until("the call is over", Duration.ofSeconds(10), () -> call.state() == SipCall.State.ENDED);
            }
            handset.close();
        }
        List<AgentEvent> pending = OfflineDesk.pending(dir);
        assertThat(pending).singleElement().isInstanceOfSatisfying(CallRecord.class, record -> {
            assertThat(record.callerHash()).isEqualTo(CallerNumbers.hash(SALT, "+442079460000"));
            assertThat(record.surveyOffered()).isFalse();
        });
    }
}
