package io.cxpulse.agent.hid;

/** Reads and writes little-endian bit fields in report payloads, as HID lays them out (LSB first). */
public final class ReportBits {
    private ReportBits() {}

    /** The unsigned value of {@code bitSize} (only the low 64 are kept) bits at {@code bitOffset}; bits past the end read as 0. */
    public static long readUnsigned(byte[] payload, int payloadStart, int bitOffset, int bitSize) {
        long value = 0;
        for (int i = 0; i < Math.min(bitSize, 64); i++) {
            int bit = bitOffset + i;
            int index = payloadStart + (bit >>> 3);
            if (index < payload.length && ((payload[index] >> (bit & 7)) & 1) != 0) {
                value |= 1L << i;
            }
        }
        return value;
    }

    /** Like {@link #readUnsigned} but sign-extended when {@code signed} (the field's logical minimum is negative). */
    public static long read(byte[] payload, int payloadStart, int bitOffset, int bitSize, boolean signed) {
        long v = readUnsigned(payload, payloadStart, bitOffset, bitSize);
        if (signed && bitSize > 0 && bitSize < 64 && ((v >>> (bitSize - 1)) & 1) != 0) {
            v |= -1L << bitSize;
        }
        return v;
    }

    /** Writes the low {@code bitSize} bits of {@code value} at {@code bitOffset}, leaving other bits untouched. */
    public static void write(byte[] payload, int payloadStart, int bitOffset, int bitSize, long value) {
        for (int i = 0; i < bitSize; i++) {
            int bit = bitOffset + i;
            int index = payloadStart + (bit >>> 3);
            if (index >= payload.length) {
                return;
            }
            int mask = 1 << (bit & 7);
            if (i < 64 && ((value >>> i) & 1) != 0) {
                payload[index] |= (byte) mask;
            } else {
                payload[index] &= (byte) ~mask;
            }
        }
    }
}
