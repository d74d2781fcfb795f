package io.cxpulse.agent.line.rtp;

import java.util.Arrays;

/**
 * One RTP packet (RFC 3550 section 5.1): the fixed header's fields that a telephone line uses and the payload.
 * {@link #parse} refuses anything that is not a well-formed version 2 packet; CSRC lists, header extensions and
 * padding are skipped over as the RFC says.
 */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
    /** Size of the fixed header. */
    public static final int HEADER = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type " + payloadType + " is out of 0-127");
        }
        sequence &= 0xFFFF;
        timestamp &= 0xFFFF_FFFFL;
        ssrc &= 0xFFFF_FFFFL;
    }

    /** Parses a datagram; throws {@link IllegalArgumentException} with the reason when it is not RTP. */
    public static RtpPacket parse(byte[] buf, int len) {
        if (len < HEADER) {
            throw new IllegalArgumentException("RTP packet of " + len + " bytes is shorter than its header");
        }
        int b0 = buf[0] & 0xFF;
        if ((b0 >> 6) != 2) {
            throw new IllegalArgumentException("RTP version " + (b0 >> 6) + " is not 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean extension = (b0 & 0x10) != 0;
        int csrcs = b0 & 0x0F;
        int b1 = buf[1] & 0xFF;
        int at = HEADER + 4 * csrcs;
        if (extension) {
            if (at + 4 > len) {
                throw new IllegalArgumentException("RTP header extension runs past the packet");
            }
            int words = ((buf[at + 2] & 0xFF) << 8) | (buf[at + 3] & 0xFF);
            at += 4 + 4 * words;
        }
        int end = len;
        if (padding) {
            end -= buf[len - 1] & 0xFF;
        }
        if (at > end) {
            throw new IllegalArgumentException("RTP header, extension or padding runs past the packet");
        }
        int seq = ((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF);
        long ts = readInt(buf, 4);
        long ssrc = readInt(buf, 8);
        return new RtpPacket(b1 & 0x7F, (b1 & 0x80) != 0, seq, ts, ssrc, Arrays.copyOfRange(buf, at, end));
    }

    /** The datagram of this packet: version 2, no padding, extension or CSRC. */
    public byte[] encode() {
        byte[] out = new byte[HEADER + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        out[2] = (byte) (sequence >> 8);
        out[3] = (byte) sequence;
        writeInt(out, 4, timestamp);
        writeInt(out, 8, ssrc);
        System.arraycopy(payload, 0, out, HEADER, payload.length);
        return out;
    }

    private static long readInt(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24)
                | ((b[at + 1] & 0xFF) << 16)
                | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }

    private static void writeInt(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
