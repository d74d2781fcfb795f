package io.cxpulse.server.auth;

import java.util.Locale;

/** What a dashboard user may see: an admin sees every team, a supervisor only their own. */
public enum Role {
    ADMIN,
    SUPERVISOR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        return switch (s) {
            case "admin" -> ADMIN;
            case "supervisor" -> SUPERVISOR;
            default -> throw new IllegalArgumentException("unknown role \"" + s + "\"; expected admin or supervisor");
        };
    }
}
