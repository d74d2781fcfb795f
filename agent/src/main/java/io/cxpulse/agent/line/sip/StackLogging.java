package io.cxpulse.agent.line.sip;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the JAIN-SIP stack's logging through SLF4J (the stack's default writes log4j files). Messages are logged
 * at TRACE under {@code io.cxpulse.agent.line.sip.wire}, the stack's own diagnostics under
 * {@code io.cxpulse.agent.line.sip.stack}. The stack instantiates both classes by name.
 */
final class StackLogging {
    private StackLogging() {}

    /** The stack's diagnostics. */
    public static final class Stack implements StackLogger {
        private static final Logger log = LoggerFactory.getLogger("io.cxpulse.agent.line.sip.stack");

        public Stack() {}

        @Override
        public void logStackTrace() {}

        @Override
        public void logStackTrace(int traceLevel) {}

        @Override
        public int getLineCount() {
            return 0;
        }

        @Override
        public void logException(Throwable ex) {
            log.debug("SIP stack exception", ex);
        }

        @Override
        public void logDebug(String message) {
            log.trace("{}", message);
        }

        @Override
        public void logDebug(String message, Exception ex) {
            log.trace("{}", message, ex);
        }

        @Override
        public void logTrace(String message) {
            log.trace("{}", message);
        }

        @Override
        public void logFatalError(String message) {
            log.error("{}", message);
        }

        @Override
        public void logError(String message) {
            log.debug("{}", message); // the stack reports a peer's bad input as an error; the agent reports its own
        }

        @Override
        public boolean isLoggingEnabled() {
            return log.isDebugEnabled();
        }

        @Override
        public boolean isLoggingEnabled(int logLevel) {
            return logLevel <= TRACE_INFO ? log.isDebugEnabled() : log.isTraceEnabled();
        }

        @Override
        public void logError(String message, Exception ex) {
            log.debug("{}", message, ex);
        }

        @Override
        public void logWarning(String message) {
            log.debug("{}", message);
        }

        @Override
        public void logInfo(String message) {
            log.debug("{}", message);
        }

        @Override
        public void disableLogging() {}

        @Override
        public void enableLogging() {}

        @Override
        public void setBuildTimeStamp(String buildTimeStamp) {}

        @Override
        public void setStackProperties(Properties stackProperties) {}

        @Override
        public String getLoggerName() {
            return log.getName();
        }
    }

    /** The messages sent and received. */
    public static final class Wire implements ServerLogger {
        private static final Logger log = LoggerFactory.getLogger("io.cxpulse.agent.line.sip.wire");

        public Wire() {}

        @Override
        public void closeLogFile() {}

        @Override
        public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
            if (log.isTraceEnabled()) {
                log.trace("{} {} -> {}\n{}", sender ? "sent" : "received", from, to, message);
            }
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
            logMessage(message, from, to, sender, time);
        }

        @Override
        public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
            logMessage(message, from, to, sender, 0);
        }

        @Override
        public void logException(Exception ex) {
            log.debug("SIP stack exception", ex);
        }

        @Override
        public void setStackProperties(Properties stackProperties) {}

        @Override
        public void setSipStack(SipStack sipStack) {}
    }
}
