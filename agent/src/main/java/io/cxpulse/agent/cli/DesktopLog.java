package io.cxpulse.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;

/**
 * The desktop app's log, set up in code rather than from an XML file (which would load an XML parser and several
 * hundred classes of logback's configuration machinery into every desk's memory): {@code cx-agent.log} in the
 * directory that system property {@value #DIR} names (the user's data directory, {@code logs/}), a new file each day
 * or at 5 MB, two weeks and 50 MB kept at most; warnings and errors also go to stderr. Without that property, or with
 * {@code logback.configurationFile} set, logback configures itself as usual ({@code logback.xml}). Found by logback
 * through {@code META-INF/services}.
 */
public final class DesktopLog extends ContextAwareBase implements Configurator {
    /** The system property naming the log directory; {@code cx-agent desktop} sets it. */
    public static final String DIR = "CX_LOG_DIR";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String dir = System.getProperty(DIR);
        if (dir == null || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getProperty("CX_LOG_LEVEL", System.getenv("CX_LOG_LEVEL"));
        configure(context, Path.of(dir), Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context}: the rotating file in {@code dir}, stderr for problems, the root at {@code level}. */
    static void configure(LoggerContext context, Path dir, Level level) {
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(dir.resolve("cx-agent.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(file);
        policy.setFileNamePattern(dir.resolve("cx-agent.%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("5MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("50MB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder(context, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n"));
        file.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        ThresholdFilter warnings = new ThresholdFilter();
        warnings.setLevel(Level.WARN.levelStr);
        warnings.start();
        stderr.addFilter(warnings);
        stderr.setEncoder(encoder(context, "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n"));
        stderr.start();

        context.getLogger("jdk.internal.httpclient").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(file);
        root.addAppender(stderr);
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
