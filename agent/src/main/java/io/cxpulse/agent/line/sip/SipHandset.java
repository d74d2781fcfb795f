package io.cxpulse.agent.line.sip;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.headset.HeadsetController;
import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.agent.line.CallLeg;
import io.cxpulse.agent.line.HeadsetBridge;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headset as the handset of the SIP line. An incoming call rings the headset (ring LED and ringer through HID);
 * the headset's hook-off answers it; its microphone and earpiece carry the call (when it has an audio device); mute
 * mutes the microphone. The agent's hook-on cuts the headset's audio at once and hands the caller's leg, on the same
 * dialog, to the survey; the call ends (BYE) when the survey is over, or at once when the call is not surveyed. A
 * caller who hangs up first ends the call as ended by the caller, and is not surveyed.
 *
 * <p>Sits between the headset and the call tracker: headset events reach the tracker only for a SIP call, so a
 * hook-off with nothing ringing is not a call. The headset's state machine calls in holding its own lock, so this
 * class never calls the headset while holding its own.
 */
public final class SipHandset implements HeadsetListener, SipPhone.Listener, Desk.SurveyLine, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipHandset.class);

    /** Opens the headset's own audio device for a call, or null when the agent runs without one. */
    public interface HeadsetAudio {
        Line open();
    }

    private final Clock clock;
    private final HeadsetAudio audio;
    private final String language;

    private volatile HeadsetListener tracker;
    private volatile Consumer<Instant> callerHungUp;
    private volatile Consumer<String> callerNumber = n -> {};
    private volatile Supplier<Optional<HeadsetController>> headset = Optional::empty;
    private volatile SipPhone phone;

    /** Hands the phone's news to the call tracker off the SIP stack's threads (the tracker writes the outbox). */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cx-sip-calls");
        t.setDaemon(true);
        return t;
    });

    private SipCall atHeadset;
    /** Calls the agent hung up, by the hook-on instant (the tracker's end of the call), until the survey takes them. */
    private final Map<Instant, SipCall> awaitingSurvey = new ConcurrentHashMap<>();

    private HeadsetBridge bridge;
    private boolean muted;

    /**
     * @param audio the headset's audio device, or null for none ({@code --headset-audio none})
     * @param language the survey's language, or null to let the caller choose
     */
    public SipHandset(Clock clock, HeadsetAudio audio, String language) {
        this.clock = Objects.requireNonNull(clock);
        this.audio = audio;
        this.language = language;
    }

    /** Connects the desk: its call tracker and where a caller's early hang-up goes. */
    public void bind(Desk desk) {
        this.tracker = desk.headsetListener();
        this.callerHungUp = desk::callerHungUp;
        this.callerNumber = desk::callerNumber;
    }

    /** Where the active headset is found (it may come and go). */
    public void headset(Supplier<Optional<HeadsetController>> active) {
        this.headset = Objects.requireNonNull(active);
    }

    public void phone(SipPhone phone) {
        this.phone = Objects.requireNonNull(phone);
    }

    // ---------------------------------------------------------------- the phone's side

    @Override
    public void incoming(SipCall call) {
        synchronized (this) {
            atHeadset = call;
        }
        Optional<HeadsetController> h = headset.get();
        if (h.isEmpty()) {
            log.warn("SIP {} rings, but no headset is attached to answer it", call);
            return;
        }
        h.get().ring(true);
    }

    @Override
    public void missed(SipCall call) {
        synchronized (this) {
            if (atHeadset != call) {
                return;
            }
            atHeadset = null;
            stopAudio();
        }
        headset.get().ifPresent(h -> {
            h.ring(false);
            h.endFromHost();
        });
    }

    @Override
    public void answered(SipCall call) {
        synchronized (this) {
            if (atHeadset != call) {
                return; // the agent hung up meanwhile
            }
            muted = false;
            startAudio(call);
        }
        tracker.callAnswered(clock.instant()); // talk time starts when the callee answers
        callerNumber.accept(call.callerNumber());
    }

    /**
     * Places a call from the headset: the headset goes off hook (Off-Hook LED) while the callee's phone rings, and
     * the call is the agent's as soon as the callee answers; the agent's hook-on before that cancels it, after it
     * hands the callee to the survey, as with a call that came in.
     *
     * @throws IllegalStateException when the agent is on a call already
     * @throws IllegalArgumentException when the target is no SIP address
     */
    public SipCall dial(String target) throws IOException {
        SipCall call;
        synchronized (this) {
            if (atHeadset != null) {
                throw new IllegalStateException("the agent is on a call already");
            }
            call = phone.dial(target);
            atHeadset = call;
        }
        headset.get().ifPresent(HeadsetController::answerFromHost);
        return call;
    }

    @Override
    public void callerHungUp(SipCall call, SipCall.State before) {
        boolean talking;
        synchronized (this) {
            talking = atHeadset == call;
            if (talking) {
                atHeadset = null;
                stopAudio();
            }
        }
        if (!talking) {
            return;
        }
        headset.get().ifPresent(h -> {
            h.ring(false);
            h.endFromHost();
        });
        if (before != SipCall.State.RINGING) {
            Instant at = clock.instant();
            events.execute(() -> callerHungUp.accept(at));
        }
    }

    // ---------------------------------------------------------------- the headset's side

    @Override
    public void callAnswered(Instant at) {
        SipCall call;
        synchronized (this) {
            call = atHeadset;
            if (call != null && call.outgoing()) {
                return; // the headset went off hook for a call the agent places: it starts when the callee answers
            }
            if (call == null || call.state() != SipCall.State.RINGING) {
                log.info("hook-off with no call ringing: nothing to answer");
                return;
            }
            if (!phone.answer(call)) {
                atHeadset = null;
                return;
            }
            muted = false;
            startAudio(call);
        }
        tracker.callAnswered(at);
        callerNumber.accept(call.callerNumber()); // the call has its id now: its caller is checked at once
    }

    @Override
    public void callEnded(Instant at) {
        synchronized (this) {
            SipCall call = atHeadset;
            if (call == null) {
                return;
            }
            stopAudio(); // the agent is off the call at once
            atHeadset = null;
            if (call.state() == SipCall.State.CALLING) {
                phone.hangUp(call); // CANCEL: the callee never answered, no call of the agent's
                return;
            }
            awaitingSurvey.put(at, call);
            phone.agentHungUp(call);
        }
        tracker.callEnded(at); // the tracker's report opens the survey on the leg, or skips it
    }

    @Override
    public void muteChanged(boolean nowMuted, Instant at) {
        synchronized (this) {
            muted = nowMuted;
            if (bridge != null) {
                bridge.muted(nowMuted);
            }
        }
        tracker.muteChanged(nowMuted, at);
    }

    @Override
    public void holdChanged(boolean held, Instant at) {
        synchronized (this) {
            SipCall call = atHeadset;
            if (call != null) {
                phone.hold(call, held); // sending stops at once; the re-INVITE tells the caller's side
            }
        }
        tracker.holdChanged(held, at);
    }

    @Override
    public void connectionChanged(boolean connected, Instant at) {
        tracker.connectionChanged(connected, at);
    }

    // ---------------------------------------------------------------- the survey's side

    @Override
    public Line open(CallSummary call) {
        SipCall sip = awaitingSurvey.remove(call.end());
        if (sip == null || sip.state() != SipCall.State.SURVEY) {
            log.info("call {}: the caller is gone before the survey", call.callId());
            CallLeg gone = new CallLeg(() -> {});
            gone.release();
            return gone;
        }
        sip.leg().reset(); // the survey starts from a clean line: nothing the agent's part left queued
        return sip.leg();
    }

    @Override
    public String language(CallSummary call) {
        return language;
    }

    @Override
    public void skipped(CallSummary call) {
        SipCall sip = awaitingSurvey.remove(call.end());
        if (sip != null) {
            phone.hangUp(sip);
        }
    }

    /** Waits for the phone's news in hand to reach the tracker; call after the phone is closed. */
    @Override
    public void close() {
        events.shutdown();
        try {
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- audio

    private void startAudio(SipCall call) {
        if (audio == null) {
            return;
        }
        try {
            Line device = audio.open();
            bridge = HeadsetBridge.start(call.leg(), device, call.callId());
            bridge.muted(muted);
        } catch (AudioDeviceException e) {
            log.warn(
                    "SIP {}: the headset's audio device cannot be opened, the call has no audio: {}",
                    call,
                    e.getMessage());
        }
    }

    private void stopAudio() {
        if (bridge != null) {
            bridge.stop();
            bridge = null;
        }
    }
}
