package io.cxpulse.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void everyMuLawCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            if (c == 0x7F) {
                continue; // negative zero decodes to 0, which encodes as positive zero (0xFF)
            }
            assertThat(G711.linearToUlaw(G711.ulawToLinear(code)))
                    .as("code %02x", c)
                    .isEqualTo(code);
        }
    }

    @Test
    void everyALawCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertThat(G711.linearToAlaw(G711.alawToLinear(code)))
                    .as("code %02x", c)
                    .isEqualTo(code);
        }
    }

    @Test
    void knownValuesFromG711() {
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.linearToAlaw(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    }

    @Test
    void quantisationErrorIsWithinTheSegmentStep() {
        for (int v = -32768; v <= 32767; v += 7) {
            short s = (short) v;
            int u = G711.ulawToLinear(G711.linearToUlaw(s));
            int a = G711.alawToLinear(G711.linearToAlaw(s));
            int tolerance = Math.max(16, Math.abs(v) / 16);
            assertThat(Math.abs(u - v))
                    .as("µ-law %d", v)
                    .isLessThanOrEqualTo(tolerance + 500 * (Math.abs(v) > 32000 ? 1 : 0));
            assertThat(Math.abs(a - v))
                    .as("A-law %d", v)
                    .isLessThanOrEqualTo(tolerance + 500 * (Math.abs(v) > 32000 ? 1 : 0));
        }
    }
}
