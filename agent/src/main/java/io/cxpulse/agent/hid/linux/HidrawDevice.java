package io.cxpulse.agent.hid.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportType;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An open {@code /dev/hidrawN}: writes go straight to the node, reads are done by the backend's reader thread. */
final class HidrawDevice implements HidDevice {
    private static final Logger log = LoggerFactory.getLogger(HidrawDevice.class);

    private final HidDeviceInfo info;
    private final LibC libc;
    private final HidInputHandler handler;
    private final int[] inputLength;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable wakeReader;
    private int fd;

    HidrawDevice(HidDeviceInfo info, int fd, LibC libc, HidInputHandler handler, Runnable wakeReader) {
        this.info = info;
        this.wakeReader = wakeReader;
        this.fd = fd;
        this.libc = libc;
        this.handler = handler;
        this.inputLength = inputLengths(info.reportDescriptor());
    }

    /**
     * Wire length of each input report by ID (index 0 = no IDs), or null when unknown. hidraw returns one report per
     * read; this lets a byte-stream stand-in for the node deliver several at once.
     */
    private static int[] inputLengths(byte[] descriptor) {
        try {
            ReportDescriptor d = ReportDescriptorParser.parse(descriptor);
            int[] lengths = new int[256];
            boolean ids = d.usesReportIds();
            for (int id : d.reportIds(ReportType.INPUT)) {
                lengths[id] = d.reportBytes(ReportType.INPUT, id) + (ids ? 1 : 0);
            }
            return ids ? lengths : new int[] {lengths[0]};
        } catch (HidDescriptorException e) {
            log.debug("descriptor not parsed, input reports passed through whole: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public HidDeviceInfo info() {
        return info;
    }

    HidInputHandler handler() {
        return handler;
    }

    synchronized int fd() {
        return fd;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Returns true for the caller that closed it. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    synchronized void closeFd() {
        if (fd >= 0) {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                log.debug("close {} failed: errno {}", info.path(), e.getErrorCode());
            }
            fd = -1;
        }
    }

    /** Hands the reports in {@code buffer[0..n)} to the handler. */
    void deliver(byte[] buffer, int n) {
        int pos = 0;
        while (pos < n) {
            int length = n - pos;
            if (inputLength != null) {
                int expected = inputLength.length == 1 ? inputLength[0] : inputLength[buffer[pos] & 0xFF];
                if (expected > 0 && expected < length) {
                    length = expected;
                }
            }
            byte[] report = Arrays.copyOfRange(buffer, pos, pos + length);
            pos += length;
            try {
                handler.inputReport(report);
            } catch (RuntimeException e) {
                log.error("input handler of {} failed", info, e);
            }
        }
    }

    @Override
    public synchronized void write(byte[] report) throws IOException {
        if (fd < 0 || closed.get()) {
            throw new IOException(info.path() + " is closed");
        }
        try {
            int n = libc.write(fd, report, new NativeLong(report.length)).intValue();
            if (n != report.length) {
                throw new IOException("short write to " + info.path() + ": " + n + " of " + report.length + " bytes");
            }
        } catch (LastErrorException e) {
            throw new IOException("write to " + info.path() + " failed: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public void close() {
        // The reader thread closes the descriptor on its next pass, so poll never sees a reused number.
        if (markClosed()) {
            wakeReader.run();
        }
    }
}
