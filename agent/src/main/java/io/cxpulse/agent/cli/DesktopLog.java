package io.cxpulse.agent.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The desktop app's log, written by this class itself rather than by logback (whose classes and configuration would
 * take a couple of megabytes of every desk's memory): {@code cx-agent.log} in the directory that system property
 * {@value #DIR} names (the user's data directory, {@code logs/}), moved aside as {@code cx-agent.DAY.N.log} each day
 * or at 5 MB, two weeks and 50 MB of those kept at most; warnings and errors also go to stderr. The level is
 * {@code CX_LOG_LEVEL} (system property or environment), {@code INFO} when unset. Lines read as logback's did:
 * {@code 2026-11-29 21:07:54.902 INFO  [thread] i.c.a.ui.DesktopTray - message}, then any stack trace.
 *
 * <p>{@code cx-agent desktop} chooses it as SLF4J's provider (system property {@value #PROVIDER}); the other commands,
 * or the desktop with {@code logback.configurationFile} set, keep logback and its {@code logback.xml}.
 */
public final class DesktopLog implements SLF4JServiceProvider {
    /** The system property naming the log directory; {@code cx-agent desktop} sets it. */
    public static final String DIR = "CX_LOG_DIR";
    /** SLF4J's system property choosing its provider. */
    public static final String PROVIDER = "slf4j.provider";

    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    static final int MAX_DAYS = 14;
    static final long MAX_TOTAL_BYTES = 50L * 1024 * 1024;
    private static final int LOGGER_NAME_WIDTH = 20;

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private Loggers loggers;

    /** Whether {@code cx-agent desktop} should log through this class rather than logback. */
    static boolean wanted() {
        return System.getProperty("logback.configurationFile") == null && System.getProperty(PROVIDER) == null;
    }

    @Override
    public void initialize() {
        String dir = System.getProperty(DIR);
        String level = System.getProperty("CX_LOG_LEVEL", System.getenv("CX_LOG_LEVEL"));
        loggers = new Loggers(new Sink(dir == null ? null : Path.of(dir), Clock.systemDefaultZone()), threshold(level));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    /** The lowest level logged for a {@code CX_LOG_LEVEL} value; null logs nothing. */
    static Level threshold(String setting) {
        if (setting == null) {
            return Level.INFO;
        }
        return switch (setting.trim().toUpperCase(Locale.ROOT)) {
            case "ALL", "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "WARN" -> Level.WARN;
            case "ERROR" -> Level.ERROR;
            case "OFF" -> null;
            default -> Level.INFO;
        };
    }

    /** {@code io.cxpulse.agent.ui.DesktopTray} as {@code i.c.a.ui.DesktopTray}: packages shortened, left first. */
    static String abbreviate(String name) {
        if (name.length() <= LOGGER_NAME_WIDTH) {
            return name;
        }
        String[] parts = name.split("\\.", -1);
        int length = name.length();
        for (int i = 0; i < parts.length - 1 && length > LOGGER_NAME_WIDTH; i++) {
            if (parts[i].length() > 1) {
                length -= parts[i].length() - 1;
                parts[i] = parts[i].substring(0, 1);
            }
        }
        return String.join(".", parts);
    }

    /** The app's loggers, all writing to one {@link Sink}. */
    static final class Loggers implements ILoggerFactory {
        private final Sink sink;
        private final Level threshold;
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();

        Loggers(Sink sink, Level threshold) {
            this.sink = sink;
            this.threshold = threshold;
        }

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, n -> new Line(n, this));
        }

        boolean enabled(Level level) {
            return threshold != null && level.toInt() >= threshold.toInt();
        }
    }

    /** One logger: formats the message and hands the line to the sink. */
    private static final class Line extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Loggers loggers;
        private final String shortName;

        Line(String name, Loggers loggers) {
            this.name = name;
            this.loggers = loggers;
            this.shortName = abbreviate(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return loggers.enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return loggers.enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return loggers.enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return loggers.enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return loggers.enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            loggers.sink.write(level, Thread.currentThread().getName(), shortName, message, throwable);
        }
    }

    /** Where lines go: the rotating file and, for warnings and errors, stderr. Thread-safe. */
    static final class Sink {
        private final Path dir;
        private final Clock clock;
        private Writer file;
        private LocalDate fileDay;
        private long fileBytes;
        private boolean fileFailed;

        Sink(Path dir, Clock clock) {
            this.dir = dir;
            this.clock = clock;
        }

        synchronized void write(Level level, String thread, String logger, String message, Throwable throwable) {
            LocalDateTime now = LocalDateTime.now(clock);
            StringBuilder rest = new StringBuilder(message == null ? 32 : message.length() + 64);
            rest.append(' ').append(level);
            for (int pad = level.toString().length(); pad < 5; pad++) {
                rest.append(' ');
            }
            rest.append(" [")
                    .append(thread)
                    .append("] ")
                    .append(logger)
                    .append(" - ")
                    .append(message);
            rest.append(System.lineSeparator());
            if (throwable != null) {
                StringWriter trace = new StringWriter();
                throwable.printStackTrace(new PrintWriter(trace));
                rest.append(trace);
            }
            if (level.toInt() >= Level.WARN.toInt()) {
                StringBuilder line = new StringBuilder();
                time(line, now);
                System.err.print(line.append(rest));
                System.err.flush();
            }
            if (dir != null && !fileFailed) {
                StringBuilder line = new StringBuilder();
                date(line, now.toLocalDate()).append(' ');
                time(line, now);
                toFile(now.toLocalDate(), line.append(rest).toString());
            }
        }

        private void toFile(LocalDate day, String line) {
            try {
                if (file != null && (!day.equals(fileDay) || fileBytes >= MAX_FILE_BYTES)) {
                    file.close();
                    file = null;
                    roll(fileDay);
                }
                if (file == null) {
                    open(day);
                }
                file.write(line);
                file.flush();
                fileBytes += line.getBytes(StandardCharsets.UTF_8).length;
            } catch (IOException e) {
                fileFailed = true;
                System.err.println("cx-agent: cannot write the log in " + dir + " (" + e.getMessage()
                        + "); warnings and errors go to stderr only");
            }
        }

        private void open(LocalDate day) throws IOException {
            Files.createDirectories(dir);
            Path active = dir.resolve("cx-agent.log");
            if (Files.exists(active)) {
                LocalDate written =
                        LocalDate.ofInstant(Files.getLastModifiedTime(active).toInstant(), clock.getZone());
                if (!written.equals(day) || Files.size(active) >= MAX_FILE_BYTES) {
                    roll(written);
                }
            }
            file = new BufferedWriter(new OutputStreamWriter(
                    Files.newOutputStream(active, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    StandardCharsets.UTF_8));
            fileDay = day;
            fileBytes = Files.exists(active) ? Files.size(active) : 0;
        }

        /** Moves the active file aside as {@code cx-agent.DAY.N.log}, then keeps two weeks and 50 MB at most. */
        private void roll(LocalDate day) throws IOException {
            Path active = dir.resolve("cx-agent.log");
            String prefix =
                    date(new StringBuilder("cx-agent."), day).append('.').toString();
            int index = 0;
            while (Files.exists(dir.resolve(prefix + index + ".log"))) {
                index++;
            }
            Files.move(active, dir.resolve(prefix + index + ".log"));
            prune(day);
        }

        private void prune(LocalDate today) throws IOException {
            List<Path> rolled = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "cx-agent.*.*.log")) {
                files.forEach(rolled::add);
            }
            rolled.sort((a, b) ->
                    compareRolled(a.getFileName().toString(), b.getFileName().toString()));
            long total = 0;
            for (Path p : rolled) {
                total += Files.size(p);
            }
            LocalDate oldest = today.minusDays(MAX_DAYS - 1L);
            for (Path p : rolled) {
                LocalDate d = dayOf(p.getFileName().toString());
                if ((d != null && d.isBefore(oldest)) || total > MAX_TOTAL_BYTES) {
                    total -= Files.size(p);
                    Files.deleteIfExists(p);
                }
            }
        }

        /** Oldest first: by day, then by index. */
        private static int compareRolled(String a, String b) {
            LocalDate da = dayOf(a);
            LocalDate db = dayOf(b);
            if (da != null && db != null && !da.equals(db)) {
                return da.compareTo(db);
            }
            return Integer.compare(indexOf(a), indexOf(b));
        }

        private static LocalDate dayOf(String name) {
            try {
                return LocalDate.parse(name.substring("cx-agent.".length(), "cx-agent.".length() + 10));
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static int indexOf(String name) {
            try {
                String rest = name.substring("cx-agent.".length() + 11, name.length() - ".log".length());
                return Integer.parseInt(rest);
            } catch (RuntimeException e) {
                return Integer.MAX_VALUE;
            }
        }

        private static StringBuilder date(StringBuilder out, LocalDate d) {
            out.append(d.getYear()).append('-');
            two(out, d.getMonthValue()).append('-');
            return two(out, d.getDayOfMonth());
        }

        private static void time(StringBuilder out, LocalDateTime t) {
            two(out, t.getHour()).append(':');
            two(out, t.getMinute()).append(':');
            two(out, t.getSecond()).append('.');
            int ms = t.getNano() / 1_000_000;
            out.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms);
        }

        private static StringBuilder two(StringBuilder out, int v) {
            return out.append(v < 10 ? "0" : "").append(v);
        }
    }
}
