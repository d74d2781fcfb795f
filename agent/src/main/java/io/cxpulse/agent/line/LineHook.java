package io.cxpulse.agent.line;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.dtmf.DtmfListener;
import io.cxpulse.agent.headset.HeadsetManager;
import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.ReportBits;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportField;
import io.cxpulse.agent.hid.ReportType;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The line hook of a USB phone adapter that offers one over HID: an output control the host sets to take the
 * adapter's line off hook and clears to hang it up, either the Telephony page's Hook Switch (0x0B:0x20) or the LED
 * page's Off-Hook (0x08:0x17) in an output report. In {@code --line device} mode the survey holds the line off hook
 * while it runs and releases it after, so that the adapter keeps the caller after the agent's hook-on. Feature
 * reports are not written (the HID backends write output reports only).
 */
public final class LineHook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LineHook.class);
    private static final int HOOK_SWITCH = (0x0B << 16) | 0x20;
    private static final int LED_OFF_HOOK = (0x08 << 16) | 0x17;

    private final HidDevice device;
    private final int reportId;
    private final int bitOffset;
    private final int bitSize;
    private final long on;
    private final long off;
    private final byte[] report;

    private LineHook(HidDevice device, ReportDescriptor descriptor, ReportField field, int slot) {
        this.device = device;
        this.reportId = field.reportId();
        this.bitOffset = field.bitOffset() + slot * field.reportSize();
        this.bitSize = field.reportSize();
        this.on = Math.max(1, field.logicalMaximum());
        this.off = Math.max(0, field.logicalMinimum());
        this.report = new byte[descriptor.reportBytes(ReportType.OUTPUT, reportId)];
    }

    /**
     * Opens the adapter the selector names (part of its name, its serial, {@code VID:PID} or its path, as
     * {@code cx-agent hid list} shows them) and finds its line hook.
     *
     * @throws IOException when no such device is present, it has no line hook output, or it cannot be opened
     */
    public static LineHook open(HidBackend backend, String selector) throws IOException {
        Objects.requireNonNull(selector, "selector");
        for (HidDeviceInfo d : backend.devices()) {
            if (!HeadsetManager.matches(selector, d)) {
                continue;
            }
            ReportDescriptor descriptor;
            try {
                descriptor = ReportDescriptorParser.parse(d.reportDescriptor());
            } catch (HidDescriptorException e) {
                continue;
            }
            for (ReportField f : descriptor.fields()) {
                if (f.type() != ReportType.OUTPUT || f.isConstant() || !f.isVariable()) {
                    continue;
                }
                for (int slot = 0; slot < Math.min(f.reportCount(), f.usageCount()); slot++) {
                    int usage = f.usage(slot);
                    if (usage == HOOK_SWITCH || usage == LED_OFF_HOOK) {
                        HidDevice opened;
                        try {
                            opened = backend.open(d, new HidInputHandler() {
                                @Override
                                public void inputReport(byte[] report) {} // the adapter's inputs are not used

                                @Override
                                public void removed() {
                                    log.warn("line hook: {} went away", d.name());
                                }
                            });
                        } catch (HidAccessException e) {
                            throw new IOException(
                                    "the line hook of " + d.name() + " cannot be opened: " + e.getMessage(), e);
                        }
                        LineHook hook = new LineHook(opened, descriptor, f, slot);
                        log.info(
                                "line hook: {} ({}), {} in output report {}",
                                d.name(),
                                d.vidPid(),
                                usage == HOOK_SWITCH ? "Hook Switch" : "Off-Hook",
                                f.reportId());
                        return hook;
                    }
                }
            }
            throw new IOException(d.name() + " (" + d.vidPid() + ") has no line hook output (Telephony Hook Switch"
                    + " or LED Off-Hook); see cx-agent hid describe");
        }
        throw new IOException("no HID device matching \"" + selector + "\" (cx-agent hid list shows what is seen)");
    }

    /** Takes the line off hook. */
    public void offHook() throws IOException {
        set(on);
    }

    /** Hangs the line up. */
    public void onHook() throws IOException {
        set(off);
    }

    private synchronized void set(long value) throws IOException {
        ReportBits.write(report, 0, bitOffset, bitSize, value);
        byte[] out = new byte[report.length + 1];
        out[0] = (byte) reportId;
        System.arraycopy(report, 0, out, 1, report.length);
        device.write(out);
    }

    /**
     * The survey's line, with the adapter's line held off hook from now until the survey closes it.
     *
     * @throws IOException when the hook cannot be set (the survey then runs without it)
     */
    public Line hold(Line line) throws IOException {
        offHook();
        return new Line() {
            @Override
            public void write(short[] pcm, int off, int len) {
                line.write(pcm, off, len);
            }

            @Override
            public void discardQueued() {
                line.discardQueued();
            }

            @Override
            public int read(short[] pcm, int off, int len) {
                return line.read(pcm, off, len);
            }

            @Override
            public boolean released() {
                return line.released();
            }

            @Override
            public void takeKeys(DtmfListener to) {
                line.takeKeys(to);
            }

            @Override
            public void close() {
                try {
                    line.close();
                } finally {
                    try {
                        onHook();
                    } catch (IOException e) {
                        log.warn("line hook: the line could not be hung up: {}", e.getMessage());
                    }
                }
            }
        };
    }

    @Override
    public void close() {
        device.close();
    }
}
