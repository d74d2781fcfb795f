package io.cxpulse.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.WireCodec;
import org.junit.jupiter.api.Test;

class AgentSocketTest {
    @Test
    void peeksTheEventIdOfARefusedFrameWhenItIsReadable() {
        assertThat(AgentSocket.peekEventId("{\"v\":1,\"type\":\"survey\",\"eventId\":\"ev-9\",\"answers\":7}"))
                .isEqualTo("ev-9");
    }

    @Test
    void givesNoEventIdForUnreadableOrUnsafeFrames() {
        assertThat(AgentSocket.peekEventId("{broken")).isNull();
        assertThat(AgentSocket.peekEventId("[1,2]")).isNull();
        assertThat(AgentSocket.peekEventId("{\"eventId\":42}")).isNull();
        assertThat(AgentSocket.peekEventId("{\"eventId\":\"<script>\"}")).isNull();
        assertThat(AgentSocket.peekEventId("{\"eventId\":\"" + "a".repeat(65) + "\"}"))
                .isNull();
        assertThat(AgentSocket.peekEventId("{\"other\":1}")).isNull();
        assertThat(AgentSocket.peekEventId(null)).isNull();
        assertThat(AgentSocket.peekEventId(
                        "{\"eventId\":\"e1\",\"pad\":\"" + "x".repeat(WireCodec.MAX_FRAME_CHARS) + "\"}"))
                .isNull();
    }
}
