package io.cxpulse.agent.line.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.line.rtp.AudioCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpTest {
    private static byte[] sdp(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] BARESIP = sdp(
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "c=IN IP4 127.0.0.1",
            "t=0 0",
            "m=audio 10002 RTP/AVP 96 8 0 101",
            "a=rtpmap:96 opus/48000/2",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=sendrecv");

    @Test
    void picksTheFirstG711PayloadAndTelephoneEvent() {
        Sdp.Media m = Sdp.parse(BARESIP);
        assertThat(m.address().getPort()).isEqualTo(10002);
        assertThat(m.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(m.codec()).isEqualTo(AudioCodec.PCMA);
        assertThat(m.telephoneEvent()).isEqualTo(101);
        assertThat(m.hold()).isFalse();
    }

    @Test
    void staticPayloadsNeedNoRtpmapAndHoldIsSeen() {
        Sdp.Media m = Sdp.parse(sdp(
                "v=0",
                "c=IN IP4 10.1.2.3",
                "t=0 0",
                "m=audio 4000 RTP/AVP 0",
                "a=sendonly",
                "m=video 5000 RTP/AVP 96"));
        assertThat(m.codec()).isEqualTo(AudioCodec.PCMU);
        assertThat(m.telephoneEvent()).isEqualTo(-1);
        assertThat(m.hold()).isTrue();
        assertThat(m.direction().reverse()).isEqualTo(Sdp.Direction.RECVONLY);
    }

    @Test
    void answerDescribesOneAudioStream() {
        String answer = Sdp.describe(7, 1, "127.0.0.1", 20000, AudioCodec.PCMU, 101, Sdp.Direction.SENDRECV);
        Sdp.Media back = Sdp.parse(answer.getBytes(StandardCharsets.UTF_8));
        assertThat(back.codec()).isEqualTo(AudioCodec.PCMU);
        assertThat(back.telephoneEvent()).isEqualTo(101);
        assertThat(back.address().getPort()).isEqualTo(20000);
    }

    @Test
    void holdIsAnsweredWithTheMatchingDirection() {
        // RFC 3264 section 6.1, with this side on hold sending only.
        assertThat(Sdp.Direction.SENDRECV.answer(false)).isEqualTo(Sdp.Direction.SENDRECV);
        assertThat(Sdp.Direction.SENDONLY.answer(false)).isEqualTo(Sdp.Direction.RECVONLY);
        assertThat(Sdp.Direction.INACTIVE.answer(false)).isEqualTo(Sdp.Direction.INACTIVE);
        assertThat(Sdp.Direction.RECVONLY.answer(false)).isEqualTo(Sdp.Direction.SENDONLY);
        assertThat(Sdp.Direction.SENDRECV.answer(true)).isEqualTo(Sdp.Direction.SENDONLY);
        assertThat(Sdp.Direction.SENDONLY.answer(true)).isEqualTo(Sdp.Direction.INACTIVE);
        assertThat(Sdp.Direction.of(false, true)).isEqualTo(Sdp.Direction.RECVONLY);
    }

    @Test
    void anOfferListsBothG711CodecsAndTelephoneEvents() {
        String offer = Sdp.offer(7, 2, "127.0.0.1", 20002, 101, Sdp.Direction.SENDONLY);
        Sdp.Media back = Sdp.parse(offer.getBytes(StandardCharsets.UTF_8));
        assertThat(back.payloadTypes()).containsExactly(0, 8, 101);
        assertThat(back.codec()).isEqualTo(AudioCodec.PCMU);
        assertThat(back.telephoneEvent()).isEqualTo(101);
        assertThat(back.direction()).isEqualTo(Sdp.Direction.SENDONLY);
        assertThat(back.hold()).isTrue();
        assertThat(offer).contains("o=cx-agent 7 2 IN IP4 127.0.0.1\r\n");
    }

    @Test
    void refusesUnusableOrHostileDescriptions() {
        assertThatThrownBy(() -> Sdp.parse(new byte[0])).hasMessageContaining("no session description");
        assertThatThrownBy(() -> Sdp.parse(sdp("v=0", "c=IN IP4 1.2.3.4", "m=video 1 RTP/AVP 96")))
                .hasMessageContaining("no audio stream");
        assertThatThrownBy(() -> Sdp.parse(sdp("v=0", "m=audio 1 RTP/AVP 0")))
                .hasMessageContaining("no connection address");
        assertThatThrownBy(() -> Sdp.parse(sdp("v=0", "c=IN IP4 evil.example.com", "m=audio 1 RTP/AVP 0")))
                .hasMessageContaining("not an IP literal");
        assertThatThrownBy(() -> Sdp.parse(sdp("v=0", "c=IN IP4 1.2.3.4", "m=audio 99999 RTP/AVP 0")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Sdp.parse(sdp("garbage without equals"))).hasMessageContaining("malformed");
        byte[] huge = ("v=0\r\n" + "a=x\r\n".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Sdp.parse(huge)).hasMessageContaining("over " + Sdp.MAX_BYTES);
        byte[] manyLines = ("v=0\n" + "a=\n".repeat(Sdp.MAX_LINES)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Sdp.parse(manyLines)).hasMessageContaining("lines");
        Sdp.Media video = Sdp.parse(sdp("v=0", "c=IN IP4 1.2.3.4", "m=audio 1 RTP/AVP 9", "a=rtpmap:9 G722/8000"));
        assertThat(video.codec()).isNull(); // refused by the phone with 488: neither PCMU nor PCMA
    }

    @Test
    void settingsParseTheCommandLineForms() {
        assertThat(SipSettings.parseUri("sip:agent07@pbx.example.com")).containsExactly("agent07", "pbx.example.com");
        assertThatThrownBy(() -> SipSettings.parseUri("agent07@pbx")).hasMessageContaining("sip:USER@DOMAIN");
        assertThatThrownBy(() -> SipSettings.parseUri("sip:@pbx")).hasMessageContaining("sip:USER@DOMAIN");
        assertThat(SipSettings.parseHostPort("--sip-listen", "127.0.0.1:5070", 5060)
                        .getPort())
                .isEqualTo(5070);
        assertThat(SipSettings.parseHostPort("--sip-registrar", "pbx.example.com", 5060)
                        .getPort())
                .isEqualTo(5060);
        assertThatThrownBy(() -> SipSettings.parseHostPort("--sip-listen", "host:http", 5060))
                .hasMessageContaining("--sip-listen");
    }

    @Test
    void floodGuardLimitsEachAddressInItsWindow() {
        FloodGuard guard = new FloodGuard(3, 1000);
        assertThat(guard.allow("10.0.0.1", 0)).isTrue();
        assertThat(guard.allow("10.0.0.1", 10)).isTrue();
        assertThat(guard.allow("10.0.0.1", 20)).isTrue();
        assertThat(guard.allow("10.0.0.1", 30)).isFalse();
        assertThat(guard.allow("10.0.0.2", 30)).isTrue(); // another address is not affected
        assertThat(guard.allow("10.0.0.1", 1001)).isTrue(); // the window moved on
    }
}
