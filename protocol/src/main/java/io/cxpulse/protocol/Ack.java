package io.cxpulse.protocol;

import java.util.List;

/** The server has durably committed these events (or had already committed them before). */
public record Ack(List<String> eventIds) implements Message {
    public Ack {
        Check.required("eventIds", eventIds);
        eventIds.forEach(id -> Check.id("eventIds[]", id));
        eventIds = List.copyOf(eventIds);
    }
}
