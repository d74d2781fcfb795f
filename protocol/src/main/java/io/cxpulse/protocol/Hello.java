package io.cxpulse.protocol;

/** First message of an agent's connection: who it is and the secret that proves it. */
public record Hello(String agentId, String token, String software) implements Message {
    public Hello {
        Check.id("agentId", agentId);
        Check.text("token", token, 256);
        Check.text("software", software == null ? "" : software, 128);
        software = software == null ? "" : software;
    }

    @Override
    public String toString() {
        return "Hello[agentId=" + agentId + ", software=" + software + "]";
    }
}
