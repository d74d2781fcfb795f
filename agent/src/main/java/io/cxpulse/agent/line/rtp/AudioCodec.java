package io.cxpulse.agent.line.rtp;

import io.cxpulse.agent.codec.G711;

/** The G.711 payloads a telephone line speaks, with their static RTP payload types (RFC 3551). */
public enum AudioCodec {
    PCMU(0),
    PCMA(8);

    /** G.711 runs at 8 kHz, one byte a sample. */
    public static final int CLOCK_RATE = 8000;

    private final int payloadType;

    AudioCodec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The codec of an encoding name (case-insensitive, as in an SDP rtpmap), or null. */
    public static AudioCodec named(String name) {
        for (AudioCodec c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** The codec of a static payload type, or null. */
    public static AudioCodec ofPayloadType(int pt) {
        for (AudioCodec c : values()) {
            if (c.payloadType == pt) {
                return c;
            }
        }
        return null;
    }

    public byte[] encode(short[] pcm) {
        return this == PCMU ? G711.encodeUlaw(pcm) : G711.encodeAlaw(pcm);
    }

    public short[] decode(byte[] payload) {
        return this == PCMU ? G711.decodeUlaw(payload) : G711.decodeAlaw(payload);
    }
}
