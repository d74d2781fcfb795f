package io.cxpulse.protocol;

/** Argument checks shared by the wire records; every failure names the field. */
final class Check {
    private static final int MAX_ID = 64;

    private Check() {}

    static String id(String field, String value) {
        if (!isId(value)) {
            throw new IllegalArgumentException(
                    field + " must be 1-64 characters of letters, digits, '.', '_', ':' or '-', got " + quote(value));
        }
        return value;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}}, checked by hand: ids are checked on every frame. */
    static boolean isId(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != ':' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** Exactly {@code length} lower-case hex digits, as a SHA-256 or a salt is written. */
    static String hex(String field, String value, int length) {
        if (value == null || value.length() != length) {
            throw new IllegalArgumentException(
                    field + " must be " + length + " lower-case hex digits, got " + quote(value));
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException(
                        field + " must be " + length + " lower-case hex digits, got " + quote(value));
            }
        }
        return value;
    }

    static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static void interval(long startMs, long endMs) {
        nonNegative("startMs", startMs);
        if (endMs < startMs) {
            throw new IllegalArgumentException("endMs " + endMs + " is before startMs " + startMs);
        }
    }

    private static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return '"' + shown + '"';
    }
}
