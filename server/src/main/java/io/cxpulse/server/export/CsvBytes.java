package io.cxpulse.server.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * RFC 4180 CSV written straight as UTF-8 bytes into a buffer of its own, with the same cells as {@link
 * io.cxpulse.server.api.Csv}: quoted only when needed, spreadsheet formulas defused with a leading quote, numbers as
 * they are, timestamps as {@link Instant#toString()}. Text that the database already holds as UTF-8 is copied as
 * bytes, never decoded and encoded again. Not thread-safe.
 */
final class CsvBytes {
    private static final long DAY_MS = 86_400_000L;
    /** Room for the longest number or timestamp. */
    private static final int MIN_BUFFER = 32;
    /** Timestamps from 1970 to 9999 are formatted here; others as {@link Instant#toString()} does. */
    private static final long LAST_FAST_MS = 253_402_300_799_999L;

    private final OutputStream out;
    private final byte[] buf;
    private int used;
    private boolean rowStarted;
    // The date part ("2026-11-29T") of the last day formatted.
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] datePart = new byte[11];

    CsvBytes(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buf = new byte[Math.max(bufferBytes, MIN_BUFFER)];
    }

    /** Raw bytes, e.g. a header or a byte-order mark. */
    void raw(byte[] b) throws IOException {
        room(b.length);
        if (b.length > buf.length) {
            out.write(b);
            return;
        }
        System.arraycopy(b, 0, buf, used, b.length);
        used += b.length;
    }

    /** A text cell from UTF-8 bytes; null is an empty cell. */
    void text(byte[] utf8) throws IOException {
        separator();
        if (utf8 == null) {
            return;
        }
        cellBytes(utf8, utf8.length);
    }

    /** A text cell; null is an empty cell. */
    void text(String s) throws IOException {
        text(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A cell as it will be written, for text repeated on many rows (the bytes go to {@link #preformatted}); null is
     * an empty cell.
     */
    static byte[] cell(String s) {
        if (s == null) {
            return new byte[0];
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        CsvBytes c = new CsvBytes(OutputStream.nullOutputStream(), 2 * utf8.length + 3);
        try {
            c.cellBytes(utf8, utf8.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] out = new byte[c.used];
        System.arraycopy(c.buf, 0, out, 0, c.used);
        return out;
    }

    /** A cell made by {@link #cell}. */
    void preformatted(byte[] cell) throws IOException {
        separator();
        raw(cell);
    }

    void number(long v) throws IOException {
        separator();
        room(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, buf, used, s.length);
                used += s.length;
                return;
            }
            buf[used++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = used + digits;
        for (int i = end - 1; i >= used; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        used = end;
    }

    /** An empty cell. */
    void empty() throws IOException {
        separator();
    }

    /** An instant as {@link Instant#toString()} writes it, e.g. {@code 2026-11-29T18:01:09.120Z}. */
    void instant(long ms) throws IOException {
        if (ms < 0 || ms > LAST_FAST_MS) {
            text(Instant.ofEpochMilli(ms).toString());
            return;
        }
        separator();
        room(24);
        long day = ms / DAY_MS;
        if (day != cachedDay) {
            cachedDay = day;
            LocalDate d = LocalDate.ofEpochDay(day);
            digits(datePart, 0, d.getYear(), 4);
            datePart[4] = '-';
            digits(datePart, 5, d.getMonthValue(), 2);
            datePart[7] = '-';
            digits(datePart, 8, d.getDayOfMonth(), 2);
            datePart[10] = 'T';
        }
        System.arraycopy(datePart, 0, buf, used, datePart.length);
        used += datePart.length;
        int inDay = (int) (ms - day * DAY_MS);
        int millis = inDay % 1000;
        int seconds = inDay / 1000;
        digits(buf, used, seconds / 3600, 2);
        buf[used + 2] = ':';
        digits(buf, used + 3, seconds / 60 % 60, 2);
        buf[used + 5] = ':';
        digits(buf, used + 6, seconds % 60, 2);
        used += 8;
        if (millis != 0) {
            buf[used] = '.';
            digits(buf, used + 1, millis, 3);
            used += 4;
        }
        buf[used++] = 'Z';
    }

    /** Ends the row with CRLF. */
    void endRow() throws IOException {
        room(2);
        buf[used++] = '\r';
        buf[used++] = '\n';
        rowStarted = false;
    }

    /** Passes on what is buffered. */
    void flush() throws IOException {
        if (used > 0) {
            out.write(buf, 0, used);
            used = 0;
        }
    }

    private void separator() throws IOException {
        if (rowStarted) {
            room(1);
            buf[used++] = ',';
        }
        rowStarted = true;
    }

    private void cellBytes(byte[] s, int len) throws IOException {
        boolean quote = false;
        for (int i = 0; i < len; i++) {
            byte b = s[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                quote = true;
                break;
            }
        }
        boolean defuse = len > 0 && isFormulaStart(s[0]);
        if (!quote && !defuse) {
            room(len);
            if (len > buf.length) {
                out.write(s, 0, len);
                return;
            }
            System.arraycopy(s, 0, buf, used, len);
            used += len;
            return;
        }
        // At most: two quotes, the defusing quote, and every byte doubled.
        int most = 2 * len + 3;
        boolean fits = most <= buf.length;
        room(fits ? most : 2);
        if (quote) {
            buf[used++] = '"';
        }
        if (defuse) {
            buf[used++] = '\'';
        }
        for (int i = 0; i < len; i++) {
            byte b = s[i];
            if (!fits) {
                room(2);
            }
            if (b == '"') {
                buf[used++] = '"';
            }
            buf[used++] = b;
        }
        if (quote) {
            room(1);
            buf[used++] = '"';
        }
    }

    private static boolean isFormulaStart(byte b) {
        return b == '=' || b == '+' || b == '-' || b == '@' || b == '\t' || b == '\r';
    }

    /** Makes room for {@code n} more bytes, passing the buffer on when it would overflow. */
    private void room(int n) throws IOException {
        if (used + n > buf.length) {
            flush();
        }
    }

    private static void digits(byte[] to, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            to[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
