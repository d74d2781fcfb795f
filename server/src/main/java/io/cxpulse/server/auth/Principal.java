package io.cxpulse.server.auth;

import java.util.Set;

/** A logged-in dashboard user and the scope every API and live stream enforces for them. */
public record Principal(String username, Role role, String team) {
    /** Whether this user may see data of {@code teamId}. */
    public boolean sees(String teamId) {
        return role == Role.ADMIN || (team != null && team.equals(teamId));
    }

    /** The teams this user may see, or null for all. */
    public Set<String> teams() {
        return role == Role.ADMIN ? null : team == null ? Set.of() : Set.of(team);
    }
}
