package io.cxpulse.protocol;

/**
 * The server refused a message. {@code eventId} names the refused event when there is one; a refused event is never
 * stored, and the agent drops it from its outbox only when the error is {@link #permanent()}.
 */
public record ErrorMessage(String code, String message, String eventId) implements Message {
    /** The message could not be parsed or failed validation: resending it cannot succeed. */
    public static final String INVALID = "invalid";
    /** The agent is not who it claims, or reports for another agent. */
    public static final String UNAUTHORIZED = "unauthorized";
    /** The server could not commit; the event may be resent later. */
    public static final String UNAVAILABLE = "unavailable";

    public ErrorMessage {
        Check.id("code", code);
        Check.text("message", message, 1000);
    }

    public boolean permanent() {
        return !UNAVAILABLE.equals(code);
    }
}
