package io.cxpulse.server;

/**
 * Text that users send (a login name, an agent's software string, a refused frame's reason), made safe for a log
 * line: line breaks and other control or direction-changing characters become escapes, so no one can forge a line.
 */
public final class LogText {
    /** Longer text is cut: a log line is for a person to read. */
    public static final int MAX_CHARS = 200;

    private LogText() {}

    /** {@code value} with {@code \n}, {@code \r}, {@code \t} and {@code \\} escaped and other such characters as {@code \}{@code uXXXX}. */
    public static String escape(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 16);
        int n = Math.min(s.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (s.length() > n) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e'
                || c == '\u200f';
    }
}
