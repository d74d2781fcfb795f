package io.cxpulse.agent.line.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    @Test
    void roundTripsTheFixedHeaderAndPayload() {
        RtpPacket p = new RtpPacket(8, true, 0xFFFF, 0xFFFF_FFF0L, 0xDEAD_BEEFL, new byte[] {1, 2, 3});
        byte[] wire = p.encode();
        assertThat(wire[0] & 0xFF).isEqualTo(0x80);
        assertThat(wire[1] & 0xFF).isEqualTo(0x88);
        RtpPacket back = RtpPacket.parse(wire, wire.length);
        assertThat(back.payloadType()).isEqualTo(8);
        assertThat(back.marker()).isTrue();
        assertThat(back.sequence()).isEqualTo(0xFFFF);
        assertThat(back.timestamp()).isEqualTo(0xFFFF_FFF0L);
        assertThat(back.ssrc()).isEqualTo(0xDEAD_BEEFL);
        assertThat(back.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void skipsCsrcsExtensionAndPadding() {
        byte[] wire = new byte[12 + 4 + 8 + 2 + 2];
        wire[0] = (byte) (0x80 | 0x20 | 0x10 | 1); // padding, extension, one CSRC
        wire[1] = 0;
        wire[12 + 4 + 3] = 1; // extension of one word
        wire[24] = 42;
        wire[25] = 43;
        wire[wire.length - 1] = 2; // two bytes of padding
        RtpPacket p = RtpPacket.parse(wire, wire.length);
        assertThat(p.payload()).containsExactly(42, 43);
    }

    @Test
    void refusesWhatIsNotRtp() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[5], 5)).hasMessageContaining("shorter");
        byte[] v1 = new byte[20];
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(v1, v1.length)).hasMessageContaining("version");
        byte[] runaway = new byte[16];
        runaway[0] = (byte) 0x8F; // 15 CSRCs in a 16-byte packet
        assertThatThrownBy(() -> RtpPacket.parse(runaway, runaway.length)).hasMessageContaining("past the packet");
    }

    @Test
    void randomDatagramsNeverThrowAnythingButARefusal() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            try {
                RtpPacket.parse(b, b.length);
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void telephoneEventsRoundTripAndNameTheirKeys() {
        TelephoneEvent e = TelephoneEvent.ofKey('#', true, 10, 1600);
        TelephoneEvent back = TelephoneEvent.parse(e.encode());
        assertThat(back).isEqualTo(e);
        assertThat(back.event()).isEqualTo(11);
        assertThat(back.key()).isEqualTo('#');
        assertThat(new TelephoneEvent(70, false, 0, 0).key()).isEqualTo((char) 0); // a line event, not a key
        assertThatThrownBy(() -> TelephoneEvent.parse(new byte[3])).hasMessageContaining("not 4");
    }
}
