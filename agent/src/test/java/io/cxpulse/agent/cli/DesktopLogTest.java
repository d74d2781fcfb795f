package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop app's log ({@link DesktopLog}): files in the user's log directory that rotate at 5 MB. */
class DesktopLogTest {
    @TempDir
    Path dir;

    @Test
    void theLogGoesToTheUsersDirectoryAndRotatesAtFiveMegabytesKeepingTwoWeeksAndFiftyAtMost() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        DesktopLog.configure(context, dir, Level.INFO);
        context.start();
        try {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            RollingFileAppender<ILoggingEvent> file = (RollingFileAppender<ILoggingEvent>) root.getAppender("FILE");
            assertThat(Path.of(file.getFile())).isEqualTo(dir.resolve("cx-agent.log"));
            SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
            assertThat(policy.getMaxHistory()).isEqualTo(14);

            Logger log = context.getLogger("io.cxpulse.agent.Desk");
            assertThat(log.isInfoEnabled()).as("info enabled").isTrue();
            assertThat(file.isStarted()).as("file started").isTrue();
            String line = "x".repeat(1_000);
            for (int i = 0; i < 12_000; i++) { // about 12 MB
                log.info("{} {}", i, line);
            }
        } finally {
            context.stop();
        }
        String today = LocalDate.now().toString();
        List<Path> rolled;
        try (Stream<Path> files = Files.list(dir)) {
            rolled = files.filter(p -> p.getFileName().toString().startsWith("cx-agent." + today + "."))
                    .sorted()
                    .toList();
        }
        List<String> all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.map(p -> p.getFileName() + " " + size(p)).sorted().toList();
        }
        assertThat(rolled).as("rolled files among %s", all).isNotEmpty();
        for (Path p : rolled) {
            assertThat(size(p)).as(p.toString()).isLessThanOrEqualTo(6L * 1024 * 1024);
        }
        assertThat(size(dir.resolve("cx-agent.log"))).isLessThanOrEqualTo(6L * 1024 * 1024);
    }

    @Test
    void otherCommandsKeepLogbacksOwnConfiguration() {
        assertThat(System.getProperty(DesktopLog.DIR))
                .as("set by cx-agent desktop only")
                .isNull();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        DesktopLog log = new DesktopLog();
        log.setContext(context);
        assertThat(log.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE"))
                .isNull();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
