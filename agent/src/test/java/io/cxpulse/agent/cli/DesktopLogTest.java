package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** The desktop app's log ({@link DesktopLog}): files in the user's log directory that rotate at 5 MB and each day. */
class DesktopLogTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-29T21:07:54.902Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void linesReadAsBeforeWithTheLoggerNameShortenedAndStackTraces() throws Exception {
        DesktopLog.Loggers loggers = new DesktopLog.Loggers(new DesktopLog.Sink(dir, new TestClock()), Level.INFO);
        Logger log = loggers.getLogger("io.cxpulse.agent.ui.DesktopTray");
        log.info("this desktop has no system tray; {}", "closing the window asks to quit");
        log.debug("not written at INFO");
        log.warn("cannot open {}", "the outbox", new IOException("disk full"));
        List<String> lines = Files.readAllLines(dir.resolve("cx-agent.log"));
        String thread = Thread.currentThread().getName();
        assertThat(lines.get(0))
                .isEqualTo("2026-11-29 21:07:54.902 INFO  [" + thread + "] i.c.a.ui.DesktopTray - this desktop has no"
                        + " system tray; closing the window asks to quit");
        assertThat(lines.get(1))
                .isEqualTo("2026-11-29 21:07:54.902 WARN  [" + thread + "] i.c.a.ui.DesktopTray - cannot open the"
                        + " outbox");
        assertThat(lines.get(2)).isEqualTo("java.io.IOException: disk full");
        assertThat(lines.get(3)).contains("DesktopLogTest");
        assertThat(DesktopLog.abbreviate("io.cxpulse.agent.link.ServerLink")).isEqualTo("i.c.a.l.ServerLink");
        assertThat(DesktopLog.abbreviate("io.cxpulse.agent.Desk")).isEqualTo("i.cxpulse.agent.Desk");
        assertThat(DesktopLog.abbreviate("io.cxpulse.Desk")).isEqualTo("io.cxpulse.Desk");
        assertThat(DesktopLog.abbreviate("Short")).isEqualTo("Short");
    }

    @Test
    void warningsAndErrorsAlsoGoToStderr() {
        DesktopLog.Loggers loggers = new DesktopLog.Loggers(new DesktopLog.Sink(null, new TestClock()), Level.INFO);
        Logger log = loggers.getLogger("io.cxpulse.agent.Desk");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            log.info("quietly");
            log.error("loudly");
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("21:07:54.902 ERROR [" + Thread.currentThread().getName() + "] i.cxpulse.agent.Desk -"
                        + " loudly" + System.lineSeparator());
    }

    @Test
    void theLogRotatesAtFiveMegabytesAndEachDayKeepingTwoWeeksAndFiftyAtMost() throws Exception {
        TestClock clock = new TestClock();
        DesktopLog.Loggers loggers = new DesktopLog.Loggers(new DesktopLog.Sink(dir, clock), Level.INFO);
        Logger log = loggers.getLogger("io.cxpulse.agent.Desk");
        String line = "x".repeat(1_000);
        for (int i = 0; i < 12_000; i++) { // about 12 MB
            log.info("{} {}", i, line);
        }
        assertThat(names()).contains("cx-agent.log", "cx-agent.2026-11-29.0.log", "cx-agent.2026-11-29.1.log");
        for (String name : names()) {
            assertThat(Files.size(dir.resolve(name))).as(name).isLessThanOrEqualTo(DesktopLog.MAX_FILE_BYTES + 2_000);
        }

        clock.now = clock.now.plusSeconds(86_400);
        log.info("the next day");
        assertThat(names()).contains("cx-agent.2026-11-29.2.log");
        assertThat(Files.readAllLines(dir.resolve("cx-agent.log")))
                .singleElement()
                .asString()
                .startsWith("2026-11-30 ");

        // Three weeks on, with every day's file: two weeks are kept, and no more than 50 MB.
        for (int day = 0; day < 21; day++) {
            clock.now = clock.now.plusSeconds(86_400);
            for (int i = 0; i < 3_000; i++) {
                log.info("{} {}", i, line);
            }
        }
        long total = 0;
        for (String name : names()) {
            if (!name.equals("cx-agent.log")) {
                assertThat(name.substring("cx-agent.".length(), "cx-agent.".length() + 10))
                        .as(name)
                        .isGreaterThanOrEqualTo("2026-12-07");
                total += Files.size(dir.resolve(name));
            }
        }
        assertThat(total).isLessThanOrEqualTo(DesktopLog.MAX_TOTAL_BYTES);
    }

    @Test
    void theLevelComesFromTheSettingAndOtherCommandsKeepLogback() {
        assertThat(DesktopLog.threshold(null)).isEqualTo(Level.INFO);
        assertThat(DesktopLog.threshold("debug")).isEqualTo(Level.DEBUG);
        assertThat(DesktopLog.threshold("WARN")).isEqualTo(Level.WARN);
        assertThat(DesktopLog.threshold("OFF")).isNull();
        assertThat(System.getProperty(DesktopLog.PROVIDER))
                .as("chosen by cx-agent desktop only")
                .isNull();
        assertThat(DesktopLog.wanted()).isTrue();
        System.setProperty("logback.configurationFile", "logback-test.xml");
        try {
            assertThat(DesktopLog.wanted())
                    .as("a logback configuration asked for")
                    .isFalse();
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
