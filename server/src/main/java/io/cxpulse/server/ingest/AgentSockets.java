package io.cxpulse.server.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authenticated agent sockets open on this node, so that re-keying an agent can end the connections its old
 * token opened. Event-loop only.
 */
public final class AgentSockets {
    private final Map<String, Set<AgentSocket>> open = new HashMap<>();
    private int count;

    void add(String agentId, AgentSocket socket) {
        if (open.computeIfAbsent(agentId, k -> new LinkedHashSet<>()).add(socket)) {
            count++;
        }
    }

    void remove(String agentId, AgentSocket socket) {
        Set<AgentSocket> set = open.get(agentId);
        if (set != null && set.remove(socket)) {
            count--;
            if (set.isEmpty()) {
                open.remove(agentId);
            }
        }
    }

    /** Ends every socket of {@code agentId} with an {@code unauthorized} error naming {@code reason}; returns how many. */
    public int closeAll(String agentId, String reason) {
        Set<AgentSocket> set = open.get(agentId);
        if (set == null) {
            return 0;
        }
        List<AgentSocket> toClose = new ArrayList<>(set);
        toClose.forEach(s -> s.revoke(reason));
        return toClose.size();
    }

    /** Authenticated sockets open right now. */
    public int count() {
        return count;
    }
}
