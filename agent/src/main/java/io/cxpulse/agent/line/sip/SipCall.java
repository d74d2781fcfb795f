package io.cxpulse.agent.line.sip;

import io.cxpulse.agent.line.CallLeg;
import io.cxpulse.agent.line.rtp.AudioCodec;
import io.cxpulse.agent.line.rtp.RtpSession;
import io.cxpulse.protocol.EndedBy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One incoming call (one SIP dialog) and its explicit state machine. Signalling is done by {@link SipPhone}; the
 * media live in the call's {@link RtpSession} and {@link CallLeg}.
 *
 * <pre>
 * RINGING --agent hook-off--> ANSWERED --ACK--> TALKING --agent hook-on--> SURVEY --survey over: BYE--> ENDED
 *    |                           |                 |                          |
 *    +--CANCEL--> ENDED          +--no ACK--> ENDED +--caller's BYE--> ENDED   +--caller's BYE--> ENDED
 * </pre>
 *
 * Who ended the call is the side that hung up first: the agent's hook-on, or the caller's CANCEL or BYE before it.
 */
public final class SipCall {
    /** Where the call is. */
    public enum State {
        /** INVITE received, 180 sent, the headset rings. */
        RINGING,
        /** The agent answered: 200 OK sent, the ACK not yet in. */
        ANSWERED,
        /** The agent and the caller talk. */
        TALKING,
        /** The agent hung up; the caller's leg is the survey's. */
        SURVEY,
        /** Over: BYE or CANCEL sent or received, or a transaction timed out. */
        ENDED
    }

    private static final Map<State, Set<State>> NEXT = Map.of(
            State.RINGING, EnumSet.of(State.ANSWERED, State.ENDED),
            State.ANSWERED, EnumSet.of(State.TALKING, State.SURVEY, State.ENDED),
            State.TALKING, EnumSet.of(State.SURVEY, State.ENDED),
            State.SURVEY, EnumSet.of(State.ENDED),
            State.ENDED, EnumSet.noneOf(State.class));

    final String callId;
    final String caller;
    final Request invite;
    final ServerTransaction inviteTransaction;
    final Sdp.Media offer;
    final AudioCodec codec;
    final int eventPayloadType;
    final String toTag;
    final RtpSession rtp;
    final CallLeg leg;
    Dialog dialog;
    long sdpVersion = 1;
    volatile boolean remoteHold;
    volatile boolean localHold;

    private State state = State.RINGING;
    private EndedBy endedBy;

    SipCall(
            String callId,
            String caller,
            Request invite,
            ServerTransaction inviteTransaction,
            Sdp.Media offer,
            String toTag,
            RtpSession rtp,
            CallLeg leg) {
        this.callId = callId;
        this.caller = caller;
        this.invite = invite;
        this.inviteTransaction = inviteTransaction;
        this.offer = offer;
        this.codec = offer.codec();
        this.eventPayloadType = offer.telephoneEvent();
        this.toTag = toTag;
        this.rtp = rtp;
        this.leg = leg;
    }

    public String callId() {
        return callId;
    }

    /** The caller's address (From URI). */
    public String caller() {
        return caller;
    }

    public synchronized State state() {
        return state;
    }

    /** Whether the call rings at, or is carried by, the headset (a call in its survey no longer is). */
    public synchronized boolean atHeadset() {
        return state == State.RINGING || state == State.ANSWERED || state == State.TALKING;
    }

    /** Who hung up first, once known. */
    public synchronized EndedBy endedBy() {
        return endedBy;
    }

    public AudioCodec codec() {
        return codec;
    }

    /** Whether RFC 4733 telephone-events were negotiated. */
    public boolean telephoneEvents() {
        return eventPayloadType >= 0;
    }

    /** Whether the caller has put the call on hold (re-INVITE with sendonly or inactive). */
    public boolean heldByCaller() {
        return remoteHold;
    }

    /** The caller's leg: the headset's while the agent talks, the survey's after. */
    public CallLeg leg() {
        return leg;
    }

    /** The call's media session. */
    public RtpSession media() {
        return rtp;
    }

    /**
     * Moves to {@code next} when the machine allows it, and records who ended the call if nobody has yet.
     *
     * @return the state before, or null when the move is not allowed from the current state (nothing changes)
     */
    synchronized State move(State next, EndedBy by) {
        State before = state;
        if (!NEXT.get(before).contains(next)) {
            return null;
        }
        state = next;
        if (by != null && endedBy == null) {
            endedBy = by;
        }
        notifyAll();
        return before;
    }

    /** Waits until the call reaches the state or ends; true when it is in that state. */
    public synchronized boolean await(State wanted, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (state != wanted && state != State.ENDED) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return state == wanted;
    }

    @Override
    public String toString() {
        return "call " + callId + " from " + caller;
    }
}
