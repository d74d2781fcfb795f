package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a call hung up first: the agent (hook on) or the caller (the line released before the agent). */
public enum EndedBy {
    AGENT("agent"),
    CALLER("caller");

    private final String wire;

    EndedBy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The value of a wire name; an unknown name is refused. */
    @JsonCreator
    public static EndedBy ofWire(String wire) {
        for (EndedBy e : values()) {
            if (e.wire.equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("endedBy must be \"agent\" or \"caller\", not \"" + wire + "\"");
    }
}
