package io.cxpulse.protocol;

/** A message that cannot be accepted: unparseable, of an unknown version or type, oversized or invalid. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
