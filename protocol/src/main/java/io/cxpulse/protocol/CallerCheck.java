package io.cxpulse.protocol;

/**
 * An agent's question, sent when a call starts: was the caller with this {@code callerHash} surveyed, by any agent,
 * within the last {@code withinDays} days? The server answers with a {@link CallerCheckAnswer} for the same call. Only
 * an authenticated agent may ask, and only for itself.
 *
 * @param agentId the asking agent: the connection's own
 * @param callId the agent's call the question is for; the answer names it
 * @param callerHash the caller's number as the agent hashes it ({@link #HASH_LENGTH} lower-case hex digits)
 * @param withinDays the survey program's {@code repeatDays}, 1-365
 */
public record CallerCheck(String agentId, String callId, String callerHash, int withinDays) implements Message {
    /** A caller hash is an HMAC-SHA256, written as 64 lower-case hex digits. */
    public static final int HASH_LENGTH = 64;

    public CallerCheck {
        Check.id("agentId", agentId);
        Check.id("callId", callId);
        Check.hex("callerHash", callerHash, HASH_LENGTH);
        if (withinDays < 1 || withinDays > 365) {
            throw new IllegalArgumentException("withinDays must be 1-365, got " + withinDays);
        }
    }

    /** Whether {@code value} is written as a caller hash must be. */
    public static boolean isCallerHash(String value) {
        try {
            Check.hex("callerHash", value, HASH_LENGTH);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
