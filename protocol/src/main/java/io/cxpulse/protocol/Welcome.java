package io.cxpulse.protocol;

/** The server's answer to an accepted {@link Hello}: events may now be sent. */
public record Welcome(String agentId, String displayName, long serverTimeMs) implements Message {
    public Welcome {
        Check.id("agentId", agentId);
        Check.text("displayName", displayName, 128);
    }
}
