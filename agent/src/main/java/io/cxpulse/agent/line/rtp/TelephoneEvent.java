package io.cxpulse.agent.line.rtp;

/**
 * One RFC 4733 telephone-event payload (section 2.3): the event code, the end bit, the volume and the duration so
 * far in timestamp units. Only the sixteen DTMF events (0-9, *, #, A-D) are keys; other codes are valid events that
 * a telephone line ignores.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    private static final String KEYS = "0123456789*#ABCD";

    public TelephoneEvent {
        if (event < 0 || event > 255 || volume < 0 || volume > 63 || duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("telephone-event fields out of range: event " + event + ", volume "
                    + volume + ", duration " + duration);
        }
    }

    /** Parses a payload; throws {@link IllegalArgumentException} when it is not 4 bytes or more. */
    public static TelephoneEvent parse(byte[] payload) {
        if (payload.length < 4) {
            throw new IllegalArgumentException("telephone-event payload of " + payload.length + " bytes, not 4");
        }
        return new TelephoneEvent(
                payload[0] & 0xFF,
                (payload[1] & 0x80) != 0,
                payload[1] & 0x3F,
                ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF));
    }

    /** The event of a key ({@code 0-9 * # A-D}). */
    public static TelephoneEvent ofKey(char key, boolean end, int volume, int duration) {
        int code = KEYS.indexOf(Character.toUpperCase(key));
        if (code < 0) {
            throw new IllegalArgumentException("'" + key + "' is not a DTMF key");
        }
        return new TelephoneEvent(code, end, volume, duration);
    }

    public byte[] encode() {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >> 8), (byte) duration};
    }

    /** The DTMF key of this event, or 0 when it is not a DTMF event. */
    public char key() {
        return event < KEYS.length() ? KEYS.charAt(event) : 0;
    }
}
