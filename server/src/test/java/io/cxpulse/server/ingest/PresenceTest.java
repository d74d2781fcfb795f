package io.cxpulse.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTest {
    @Test
    void anAgentIsOnlineWhileAnyOfItsConnectionsIs() {
        List<String> changes = new ArrayList<>();
        Presence p = new Presence(changes::add);
        p.connected("a1");
        p.connected("a1"); // a reconnect racing the old socket's close
        p.disconnected("a1");
        assertThat(p.online("a1")).isTrue();
        p.disconnected("a1");
        assertThat(p.online("a1")).isFalse();
        assertThat(changes).containsExactly("a1", "a1");
        assertThat(p.online("never")).isFalse();
    }
}
