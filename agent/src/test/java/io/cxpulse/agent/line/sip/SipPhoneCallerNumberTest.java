package io.cxpulse.agent.line.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP line's view of who calls: INVITEs as a PBX sends them, over UDP on loopback to a real {@link SipPhone},
 * whose calls carry the caller's normalised number from the P-Asserted-Identity, else the From address.
 */
class SipPhoneCallerNumberTest {
    private final BlockingQueue<SipCall> ringing = new LinkedBlockingQueue<>();
    private SipPhone phone;
    private DatagramSocket pbx;

    @BeforeEach
    void start() throws Exception {
        phone = SipPhone.start(
                new SipSettings(
                        "agent07",
                        "127.0.0.1",
                        new InetSocketAddress("127.0.0.1", BaresipCaller.freePort()),
                        null,
                        null),
                new SipPhone.Listener() {
                    @Override
                    public void incoming(SipCall call) {
                        ringing.add(call);
                    }

                    @Override
                    public void missed(SipCall call) {}

                    @Override
                    public void callerHungUp(SipCall call, SipCall.State before) {}
                });
        pbx = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() {
        if (pbx != null) {
            pbx.close();
        }
        if (phone != null) {
            phone.close();
        }
    }

    /** Sends an INVITE with these identity headers; returns the call once it rings, then lets it go. */
    private SipCall invite(String identityHeaders) throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n";
        String id = UUID.randomUUID().toString();
        String invite = "INVITE sip:agent07@127.0.0.1:" + phone.port() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bK" + id.substring(0, 8) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + identityHeaders
                + "To: <sip:agent07@127.0.0.1>\r\n"
                + "Call-ID: " + id + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1:" + pbx.getLocalPort() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.getBytes(StandardCharsets.US_ASCII).length + "\r\n\r\n" + sdp;
        byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
        pbx.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), phone.port()));
        SipCall call = ringing.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("the INVITE rings").isNotNull();
        phone.hangUp(call); // the next INVITE would be busy otherwise
        return call;
    }

    @Test
    void theCallersNumberComesFromTheFromAddressNormalised() throws Exception {
        SipCall call = invite("From: \"Ana Lima\" <sip:+49-30-123456@pbx.example.com;user=phone>;tag=a1\r\n");
        assertThat(call.callerNumber()).isEqualTo("+4930123456");
    }

    @Test
    void aPAssertedIdentityTheProxyVouchesForComesBeforeTheFrom() throws Exception {
        SipCall call = invite("From: <sip:0301234@pbx.example.com>;tag=a2\r\n"
                + "P-Asserted-Identity: \"Ana Lima\" <sip:+4930999000@pbx.example.com>\r\n"
                + "P-Asserted-Identity: <tel:+4930999000>\r\n");
        assertThat(call.callerNumber()).isEqualTo("+4930999000");
        SipCall tel =
                invite("From: <sip:0301234@pbx.example.com>;tag=a3\r\n" + "P-Asserted-Identity: <tel:+1-555-0100>\r\n");
        assertThat(tel.callerNumber()).isEqualTo("+15550100");
    }

    @Test
    void anAnonymousCallerHasNoNumber() throws Exception {
        SipCall call = invite("From: \"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=a4\r\n"
                + "P-Asserted-Identity: <sip:anonymous@anonymous.invalid>\r\n");
        assertThat(call.callerNumber()).isNull();
    }
}
