package io.cxpulse.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins its cluster: the address and port its cluster member listens on, and the members it looks for by
 * TCP/IP (no multicast), as {@code host:port}.
 */
public record ClusterOptions(String host, int port, List<String> members) {
    public ClusterOptions {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--cluster-port must be 1-65535, got " + port);
        }
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("--cluster-members names no member");
        }
        for (String m : members) {
            int colon = m.lastIndexOf(':');
            if (colon <= 0 || !m.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new IllegalArgumentException("a cluster member is host:port, got " + m);
            }
        }
    }

    /** Parses a comma-separated {@code host:port} list. */
    public static List<String> parseMembers(String list) {
        List<String> out = new ArrayList<>();
        for (String m : list.split(",")) {
            if (!m.isBlank()) {
                out.add(m.strip());
            }
        }
        return out;
    }
}
