package io.cxpulse.server.auth;

/** A logged-in dashboard user and the scope every API and live stream enforces for them. */
public record Principal(String username, Role role, String team) {
    /** Whether this user may see data of {@code teamId}. */
    public boolean sees(String teamId) {
        return role == Role.ADMIN || (team != null && team.equals(teamId));
    }
}
