package io.cxpulse.agent.codec;

/** ITU-T G.711 µ-law and A-law companding of 16-bit linear PCM, as used on telephone lines. */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private G711() {}

    /** Encodes one 16-bit sample to a µ-law byte. */
    public static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        if (pcm > ULAW_CLIP) {
            pcm = ULAW_CLIP;
        }
        pcm += ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    /** Decodes one µ-law byte to a 16-bit sample. */
    public static short ulawToLinear(byte code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + ULAW_BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS);
    }

    /** Encodes one 16-bit sample to an A-law byte. */
    public static byte linearToAlaw(short sample) {
        int pcm = sample >> 3; // A-law works on 13-bit magnitudes
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = 0;
        int bound = 0x1F;
        while (seg < 8 && pcm > bound) {
            seg++;
            bound = (bound << 1) | 1;
        }
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte) (aval ^ mask);
    }

    /** Decodes one A-law byte to a 16-bit sample. */
    public static short alawToLinear(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    /** µ-law encodes a whole buffer. */
    public static byte[] encodeUlaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = linearToUlaw(pcm[i]);
        }
        return out;
    }

    /** Decodes a whole µ-law buffer. */
    public static short[] decodeUlaw(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = ulawToLinear(codes[i]);
        }
        return out;
    }

    /** A-law encodes a whole buffer. */
    public static byte[] encodeAlaw(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = linearToAlaw(pcm[i]);
        }
        return out;
    }

    /** Decodes a whole A-law buffer. */
    public static short[] decodeAlaw(byte[] codes) {
        short[] out = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = alawToLinear(codes[i]);
        }
        return out;
    }
}
