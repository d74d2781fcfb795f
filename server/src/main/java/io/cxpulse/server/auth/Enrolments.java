package io.cxpulse.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time enrolment codes: an admin makes one for an agent; the agent's set-up types it once, within 24 hours, and
 * receives the agent's token in exchange. Codes are 12 characters of Crockford's base32 (60 random bits), shown in
 * groups of four; what the agent types is read without regard to case, spaces or dashes. They are kept in the
 * server's memory, so a restart voids the codes not yet used (the admin makes new ones).
 */
public final class Enrolments {
    /** How long a code is valid. */
    public static final Duration VALIDITY = Duration.ofHours(24);

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 12;

    /** Who a code enrols, and until when. */
    public record Pending(String agentId, String displayName, String team, long expiresAtMs) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();

    public Enrolments(Clock clock) {
        this.clock = clock;
    }

    /** Makes a new code for an agent; returns it as shown to the admin ({@code XXXX-XXXX-XXXX}). */
    public String create(String agentId, String displayName, String team) {
        long now = clock.millis();
        codes.values().removeIf(p -> p.expiresAtMs() <= now);
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        String key = code.toString();
        codes.put(key, new Pending(agentId, displayName, team, now + VALIDITY.toMillis()));
        return key.substring(0, 4) + "-" + key.substring(4, 8) + "-" + key.substring(8);
    }

    /** When a code made now expires. */
    public long expiresAt(String code) {
        Pending p = codes.get(normalize(code));
        return p == null ? 0 : p.expiresAtMs();
    }

    /** Uses a code up: the agent it enrols, or empty when it is unknown, already used or expired. */
    public Optional<Pending> redeem(String typed) {
        Pending p = codes.remove(normalize(typed));
        if (p == null || p.expiresAtMs() <= clock.millis()) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    static String normalize(String typed) {
        if (typed == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            // Crockford: I and L read as 1, O as 0.
            char d = switch (c) {
                case 'I', 'L' -> '1';
                case 'O' -> '0';
                default -> c;
            };
            if (d != '-' && !Character.isWhitespace(d)) {
                sb.append(d);
            }
        }
        return sb.toString();
    }
}
