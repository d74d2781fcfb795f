package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.ReportBits;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host-owned call state for one headset. Input reports are requests: the host decides, tells the
 * {@link HeadsetListener}, and writes its full LED state back. Pure apart from the clock and the output sink, and
 * thread-safe (the reader thread and the rest of the agent may call it concurrently).
 *
 * <p>Rules: a hook switch change answers or ends the call; a Phone Mute press toggles mute while a call is active;
 * every request the host processes is followed by a write of every LED report (read-modify-write of the host's copy
 * of each output report); Off-Hook is set while a call is active, also on hold (hold uses the Hold LED); hook reports
 * within the echo window after the host changed Off-Hook are ignored; byte-identical repeats of a report are
 * dropped; call-ended is raised only for a device on-hook while a call is active, so exactly once per call.
 */
public final class HeadsetStateMachine {
    /** Default time after the host writes Off-Hook during which hook reports are taken as the device's echo. */
    public static final Duration DEFAULT_ECHO_WINDOW = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(HeadsetStateMachine.class);

    /** Where output reports go: report-ID byte (0 when the device uses none) followed by the payload. */
    @FunctionalInterface
    public interface OutputSink {
        void write(byte[] report);
    }

    private final TelephonyModel model;
    private final boolean reportIds;
    private final HeadsetListener listener;
    private final Clock clock;
    private final Duration echoWindow;
    private final OutputSink sink;
    private final Map<Integer, List<TelephonyControl>> inputsByReport = new HashMap<>();
    private final Map<Integer, byte[]> lastInput = new HashMap<>();
    private final Map<TelephonyControl, Long> lastValue = new HashMap<>();
    private final Map<Integer, byte[]> outputShadow = new LinkedHashMap<>();
    private final boolean hasOffHookLed;

    private CallState state = CallState.IDLE;
    private boolean muted;
    private boolean held;
    private boolean connected;
    private Boolean offHookWritten;
    private boolean echoIgnored;
    private Instant echoUntil = Instant.MIN;
    private LedState written = LedState.OFF;

    public HeadsetStateMachine(
            TelephonyModel model, HeadsetListener listener, Clock clock, Duration echoWindow, OutputSink sink) {
        this.model = model.primary();
        this.reportIds = model.descriptor().usesReportIds();
        this.listener = Objects.requireNonNull(listener);
        this.clock = Objects.requireNonNull(clock);
        this.echoWindow = Objects.requireNonNull(echoWindow);
        this.sink = Objects.requireNonNull(sink);
        for (TelephonyControl c : this.model.inputs()) {
            inputsByReport.computeIfAbsent(c.reportId(), k -> new ArrayList<>()).add(c);
        }
        // The hook switch is handled before any other control of the same report (answer, then mute).
        inputsByReport
                .values()
                .forEach(list -> list.sort((a, b) -> Boolean.compare(
                        b.usage() == TelephonyUsage.HOOK_SWITCH, a.usage() == TelephonyUsage.HOOK_SWITCH)));
        this.hasOffHookLed = !this.model.outputs(TelephonyUsage.LED_OFF_HOOK).isEmpty();
        ReportDescriptor d = model.descriptor();
        for (int id : new TreeSet<>(this.model.outputs().stream()
                .filter(c -> driven(c.usage()))
                .map(TelephonyControl::reportId)
                .toList())) {
            outputShadow.put(id, new byte[d.reportBytes(ReportType.OUTPUT, id)]);
        }
    }

    private static boolean driven(TelephonyUsage u) {
        return u == TelephonyUsage.LED_OFF_HOOK
                || u == TelephonyUsage.LED_MUTE
                || u == TelephonyUsage.LED_RING
                || u == TelephonyUsage.LED_HOLD
                || u == TelephonyUsage.RINGER;
    }

    /** The telephony controls this machine drives. */
    public TelephonyModel model() {
        return model;
    }

    public synchronized CallState state() {
        return state;
    }

    public synchronized boolean muted() {
        return muted;
    }

    public synchronized boolean held() {
        return held;
    }

    public synchronized boolean connected() {
        return connected;
    }

    /** The LED state the host last wrote. */
    public synchronized LedState ledState() {
        return written;
    }

    /** The device (re)appeared: forget its old reports and write every LED, Off-Hook included. */
    public synchronized void deviceConnected() {
        lastInput.clear();
        lastValue.clear();
        // Rewriting Off-Hook during a call opens the echo window (the device may first report its stale hook
        // state); with no call there is nothing to protect, and a hook-off right after plug-in is the agent's.
        offHookWritten = state == CallState.ACTIVE ? null : Boolean.FALSE;
        if (!connected) {
            connected = true;
            tell(() -> listener.connectionChanged(true, clock.instant()));
        }
        writeLeds();
    }

    /** The device went away; a call in progress stays active in the host. */
    public synchronized void deviceDisconnected() {
        if (connected) {
            connected = false;
            tell(() -> listener.connectionChanged(false, clock.instant()));
        }
    }

    /**
     * Handles one input report as read from the device: a report-ID byte first when the device uses report IDs.
     * Reports of other IDs, or too short, are ignored.
     */
    public synchronized void onInputReport(byte[] report) {
        if (report.length == 0) {
            return;
        }
        int id = reportIds ? report[0] & 0xFF : 0;
        List<TelephonyControl> controls = inputsByReport.get(id);
        if (controls == null) {
            return;
        }
        byte[] previous = lastInput.put(id, report.clone());
        if (previous != null && Arrays.equals(previous, report)) {
            log.debug("duplicate input report {} dropped", id);
            return;
        }
        int start = reportIds ? 1 : 0;
        Instant now = clock.instant();
        boolean request = false;
        echoIgnored = false;
        for (TelephonyControl c : controls) {
            long value = valueOf(c, report, start);
            Long before = lastValue.put(c, value);
            long prev = before == null ? 0 : before;
            switch (c.usage()) {
                case HOOK_SWITCH -> request |= onHook(c, before, prev, value, now);
                case PHONE_MUTE -> request |= onMute(c, before, prev, value, now);
                case HOLD -> request |= onHold(c, before, prev, value, now);
                default -> {
                    // Flash, redial, keys and the like do not change the host's call state.
                }
            }
        }
        if (echoIgnored) {
            lastInput.remove(id);
        }
        if (request) {
            writeLeds();
        }
    }

    private static long valueOf(TelephonyControl c, byte[] report, int start) {
        if (!c.array()) {
            return ReportBits.read(report, start, c.bitOffset(), c.bitSize(), c.logicalMinimum() < 0);
        }
        for (int slot = 0; slot + c.slotSize() <= c.bitSize(); slot += c.slotSize()) {
            if (ReportBits.read(report, start, c.bitOffset() + slot, c.slotSize(), c.logicalMinimum() < 0)
                    == c.arraySelector()) {
                return 1;
            }
        }
        return 0;
    }

    /** Turns a control's change into a request: TRUE for "on", FALSE for "off", null for none. */
    private static Boolean requested(TelephonyControl c, Long before, long prev, long value, boolean current) {
        return switch (c.form()) {
            case ABSOLUTE -> before != null && prev == value ? null : value != 0;
            case TOGGLE -> prev == 0 && value != 0 ? !current : null;
            case TWO_BUTTON -> prev == 0 && value != 0 ? value > 0 : null;
        };
    }

    private boolean onHook(TelephonyControl c, Long before, long prev, long value, Instant now) {
        Boolean offHook = requested(c, before, prev, value, state == CallState.ACTIVE);
        if (offHook == null) {
            return false;
        }
        if (now.isBefore(echoUntil)) {
            // Taken as the device's echo of the host's write. Forget it, so that the same state reported again
            // after the window (the device insisting) is still a request.
            log.debug("hook {} ignored inside the echo window", offHook ? "off" : "on");
            if (before == null) {
                lastValue.remove(c);
            } else {
                lastValue.put(c, before);
            }
            echoIgnored = true;
            return false;
        }
        if (offHook && state != CallState.ACTIVE) {
            state = CallState.ACTIVE;
            muted = false;
            held = false;
            tell(() -> listener.callAnswered(now));
            return true;
        }
        if (!offHook && state == CallState.ACTIVE) {
            state = CallState.IDLE;
            muted = false;
            held = false;
            tell(() -> listener.callEnded(now));
            return true;
        }
        // The device disagrees with nothing the host would change: re-echo so it keeps in step.
        return true;
    }

    private boolean onMute(TelephonyControl c, Long before, long prev, long value, Instant now) {
        Boolean mute = requested(c, before, prev, value, muted);
        if (mute == null) {
            return false;
        }
        if (state == CallState.ACTIVE && mute != muted) {
            muted = mute;
            tell(() -> listener.muteChanged(muted, now));
        }
        // Echo even when refused (no call): the device must not keep a mute state of its own.
        return true;
    }

    private boolean onHold(TelephonyControl c, Long before, long prev, long value, Instant now) {
        Boolean hold = requested(c, before, prev, value, held);
        if (hold == null) {
            return false;
        }
        if (state == CallState.ACTIVE && hold != held) {
            held = hold;
            tell(() -> listener.holdChanged(held, now));
        }
        return true;
    }

    /** Signals an incoming call (Ring LED, ringer) or stops it; a hook-off while ringing answers. */
    public synchronized void ring(boolean ringing) {
        if (ringing && state == CallState.IDLE) {
            state = CallState.RINGING;
        } else if (!ringing && state == CallState.RINGING) {
            state = CallState.IDLE;
        } else {
            return;
        }
        writeLeds();
    }

    /** The host answered (e.g. from the softphone): the call is active and the headset goes off hook. */
    public synchronized void answerFromHost() {
        if (state == CallState.ACTIVE) {
            return;
        }
        state = CallState.ACTIVE;
        muted = false;
        held = false;
        tell(() -> listener.callAnswered(clock.instant()));
        writeLeds();
    }

    /** The call ended elsewhere (the caller or the softphone hung up): no call-ended event, LEDs go off. */
    public synchronized void endFromHost() {
        if (state == CallState.IDLE) {
            return;
        }
        state = CallState.IDLE;
        muted = false;
        held = false;
        writeLeds();
    }

    /** The host mutes or unmutes the active call. */
    public synchronized void setMuted(boolean mute) {
        if (state != CallState.ACTIVE || mute == muted) {
            return;
        }
        muted = mute;
        tell(() -> listener.muteChanged(muted, clock.instant()));
        writeLeds();
    }

    /** The host puts the active call on hold or resumes it; Off-Hook stays set. */
    public synchronized void setHeld(boolean hold) {
        if (state != CallState.ACTIVE || hold == held) {
            return;
        }
        held = hold;
        tell(() -> listener.holdChanged(held, clock.instant()));
        writeLeds();
    }

    /** Calls the listener; its failure must not leave the headset's LEDs behind the host's state. */
    private static void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("headset listener failed", e);
        }
    }

    /** Writes every output report that holds a driven LED, from the host's copy of that report. */
    private void writeLeds() {
        boolean active = state == CallState.ACTIVE;
        boolean ringing = state == CallState.RINGING;
        LedState desired = new LedState(active, active && muted, ringing, active && held, ringing);
        for (TelephonyControl c : model.outputs()) {
            byte[] shadow = outputShadow.get(c.reportId());
            if (shadow == null) {
                continue;
            }
            boolean on = switch (c.usage()) {
                case LED_OFF_HOOK -> desired.offHook();
                case LED_MUTE -> desired.mute();
                case LED_RING -> desired.ring();
                case LED_HOLD -> desired.hold();
                case RINGER -> desired.ringer();
                default -> false;
            };
            long off = Math.max(0, c.logicalMinimum());
            ReportBits.write(shadow, 0, c.bitOffset(), c.bitSize(), on ? Math.max(1, c.logicalMaximum()) : off);
        }
        if (connected && hasOffHookLed && !Objects.equals(offHookWritten, desired.offHook())) {
            offHookWritten = desired.offHook();
            echoUntil = clock.instant().plus(echoWindow);
        }
        written = desired;
        if (!connected) {
            return;
        }
        for (Map.Entry<Integer, byte[]> e : outputShadow.entrySet()) {
            byte[] report = new byte[e.getValue().length + 1];
            report[0] = (byte) (int) e.getKey();
            System.arraycopy(e.getValue(), 0, report, 1, e.getValue().length);
            sink.write(report);
        }
    }
}
