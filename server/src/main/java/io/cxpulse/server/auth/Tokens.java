package io.cxpulse.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Agent tokens: 256-bit random secrets, stored only as their SHA-256 (a fast hash suffices for secrets this long),
 * compared in constant time.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the agent is unknown, so that unknown and wrong take the same time. */
    private static final String DUMMY_HASH = hash("no such agent");

    private Tokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    /** Whether {@code token} matches {@code storedHash}; a null stored hash (unknown agent) never matches. */
    public static boolean matches(String token, String storedHash) {
        String expected = storedHash == null ? DUMMY_HASH : storedHash;
        boolean equal = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                hash(token == null ? "" : token).getBytes(StandardCharsets.US_ASCII));
        return equal && storedHash != null;
    }
}
