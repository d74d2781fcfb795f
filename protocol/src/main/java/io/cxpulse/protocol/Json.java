package io.cxpulse.protocol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON (RFC 8259) read into plain Java values and written back, with nothing to load but this class: the wire
 * codec and the agent's small files use it, so a desk never loads a data-binding library.
 *
 * <p>A value read is a {@code Map<String, Object>} (an object, in the order written; a repeated name keeps its last
 * value), a {@code List<Object>}, a {@link String}, a {@link Long} (an integer that fits), a {@link BigInteger} (a
 * larger integer), a {@link Double} (a number with a fraction or an exponent), a {@link Boolean} or {@code null}.
 * Nothing beyond the standard is accepted: no comments, no single quotes, no leading zeros, no {@code NaN}, no
 * unescaped control characters, nothing after the value but white space.
 */
public final class Json {
    private final String text;
    private final int maxDepth;
    private int pos;
    private int depth;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Text that is not JSON, with where (1-based line and column) the reading stopped. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;
        private final int column;
        private final String problem;

        SyntaxException(String problem, int line, int column) {
            super(problem + " at line " + line + ", column " + column);
            this.problem = problem;
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        /** What is wrong, without the place. */
        public String problem() {
            return problem;
        }
    }

    /** Reads one JSON value, nested at most {@code maxDepth} arrays and objects deep. */
    public static Object parse(String text, int maxDepth) throws SyntaxException {
        Json p = new Json(text, maxDepth);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describe(p.pos) + " after the value");
        }
        return value;
    }

    /** The JSON text of a value read by {@link #parse} (or made of the same kinds of values). */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** Appends the JSON text of a value as {@link #write(Object)} does. */
    public static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean
                || value instanceof Long
                || value instanceof Integer
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            out.append(d.doubleValue());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, list.get(i));
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "no JSON form for " + value.getClass().getSimpleName());
        }
    }

    /** Appends a string literal: quotes, backslashes and control characters escaped, everything else as is. */
    public static void string(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, from, s.length()).append('"');
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Object value() throws SyntaxException {
        char c = peek();
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe(pos) + ": a value is expected");
            }
        };
    }

    private Map<String, Object> object() throws SyntaxException {
        enter();
        pos++; // {
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            if (peek() != '"') {
                throw error("unexpected " + describe(pos) + ": a field name in double quotes is expected");
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            map.put(name, value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
                skipSpace();
            } else if (c == '}') {
                pos++;
                depth--;
                return map;
            } else {
                throw error("unexpected " + describe(pos) + ": ',' or '}' is expected");
            }
        }
    }

    private List<Object> array() throws SyntaxException {
        enter();
        pos++; // [
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            list.add(value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
                skipSpace();
            } else if (c == ']') {
                pos++;
                depth--;
                return Collections.unmodifiableList(list);
            } else {
                throw error("unexpected " + describe(pos) + ": ',' or ']' is expected");
            }
        }
    }

    private void enter() throws SyntaxException {
        if (++depth > maxDepth) {
            throw error("nested deeper than " + maxDepth + " levels");
        }
    }

    private String string() throws SyntaxException {
        pos++; // "
        StringBuilder out = null;
        int from = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unexpected end of input inside a string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = out == null
                        ? text.substring(from, pos)
                        : out.append(text, from, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character " + describe(pos) + " inside a string must be escaped");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, from, pos);
            pos++;
            if (pos >= text.length()) {
                throw error("unexpected end of input inside a string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("unknown escape \\" + e + " inside a string");
                }
            }
            from = pos;
        }
    }

    private char unicodeEscape() throws SyntaxException {
        if (pos + 4 > text.length()) {
            throw error("unexpected end of input inside a \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos), 16);
            if (d < 0) {
                throw error("unexpected " + describe(pos) + " inside a \\u escape: a hexadecimal digit is expected");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zeros are not allowed in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("unexpected " + describe(pos) + ": a digit is expected");
        }
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("unexpected " + describe(pos) + ": a digit is expected after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("unexpected " + describe(pos) + ": a digit is expected in the exponent");
            }
            digits();
        }
        String n = text.substring(start, pos);
        if (!integer) {
            return Double.valueOf(n);
        }
        if (pos - start < 19) {
            return Long.valueOf(n);
        }
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws SyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + ": a value is expected");
        }
        pos += word.length();
        if (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            throw error("unexpected " + describe(pos) + " after " + word);
        }
        return value;
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("unexpected " + describe(pos) + ": '" + c + "' is expected");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("character U+%04X", (int) c);
    }

    private SyntaxException error(String problem) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SyntaxException(problem, line, end - lineStart + 1);
    }
}
