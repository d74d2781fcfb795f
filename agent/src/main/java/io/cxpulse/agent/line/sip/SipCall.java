package io.cxpulse.agent.line.sip;

import io.cxpulse.agent.line.CallLeg;
import io.cxpulse.agent.line.rtp.AudioCodec;
import io.cxpulse.agent.line.rtp.RtpSession;
import io.cxpulse.protocol.EndedBy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One call (one SIP dialog), incoming or placed by the agent, and its explicit state machine. Signalling is done by
 * {@link SipPhone}; the media live in the call's {@link RtpSession} and {@link CallLeg}.
 *
 * <pre>
 * incoming:
 * RINGING --agent hook-off--> ANSWERED --ACK--> TALKING --agent hook-on--> SURVEY --survey over: BYE--> ENDED
 *    |                           |                 |                          |
 *    +--CANCEL--> ENDED          +--no ACK--> ENDED +--caller's BYE--> ENDED   +--caller's BYE--> ENDED
 * placed by the agent:
 * CALLING --200 OK, ACK sent--> TALKING --agent hook-on--> SURVEY --survey over: BYE--> ENDED
 *    |
 *    +--agent hook-on: CANCEL, or the callee refuses--> ENDED
 * </pre>
 *
 * Who ended the call is the side that hung up first: the agent's hook-on, or the customer's CANCEL or BYE before it
 * (the customer is the caller of an incoming call and the callee of a call the agent placed). Either side may put
 * the call on hold with a re-INVITE; {@link #direction()} is where the media stand.
 */
public final class SipCall {
    /** Where the call is. */
    public enum State {
        /** INVITE received, 180 sent, the headset rings. */
        RINGING,
        /** The agent placed the call: INVITE sent, no answer yet. */
        CALLING,
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
            State.CALLING, EnumSet.of(State.TALKING, State.ENDED),
            State.ANSWERED, EnumSet.of(State.TALKING, State.SURVEY, State.ENDED),
            State.TALKING, EnumSet.of(State.SURVEY, State.ENDED),
            State.SURVEY, EnumSet.of(State.ENDED),
            State.ENDED, EnumSet.noneOf(State.class));

    final String callId;
    final String caller;
    final String callerNumber;
    final boolean outgoing;
    final Request invite;
    final ServerTransaction inviteTransaction;
    final Sdp.Media offer;
    final String toTag;
    final RtpSession rtp;
    final CallLeg leg;
    volatile AudioCodec codec;
    volatile int eventPayloadType;
    volatile Dialog dialog;
    /** The agent's INVITE of a call it placed (replaced when a proxy's challenge is answered). */
    volatile ClientTransaction outgoingInvite;
    /** The agent hung up a call it placed before any provisional answer: CANCEL at the first one. */
    volatile boolean cancelPending;

    long sdpVersion = 1;
    volatile boolean remoteHold;
    volatile boolean localHold;
    /** The agent's re-INVITE on its way, and whether another must follow it (the hold changed meanwhile). */
    volatile ClientTransaction reinvite;

    volatile boolean reinviteAgain;
    /** Why the callee refused a call the agent placed: status and reason, or null. */
    volatile String refusal;

    private volatile Sdp.Direction direction = Sdp.Direction.SENDRECV;

    private State state = State.RINGING;
    private EndedBy endedBy;

    SipCall(
            String callId,
            String caller,
            String callerNumber,
            Request invite,
            ServerTransaction inviteTransaction,
            Sdp.Media offer,
            String toTag,
            RtpSession rtp,
            CallLeg leg) {
        this.callId = callId;
        this.caller = caller;
        this.callerNumber = callerNumber;
        this.outgoing = false;
        this.invite = invite;
        this.inviteTransaction = inviteTransaction;
        this.offer = offer;
        this.codec = offer.codec();
        this.eventPayloadType = offer.telephoneEvent();
        this.toTag = toTag;
        this.rtp = rtp;
        this.leg = leg;
    }

    /** A call the agent places to {@code callee}; its codec is known once the callee answers. */
    SipCall(String callId, String callee, String calleeNumber, Request invite, RtpSession rtp, CallLeg leg) {
        this.callId = callId;
        this.caller = callee;
        this.callerNumber = calleeNumber;
        this.outgoing = true;
        this.invite = invite;
        this.inviteTransaction = null;
        this.offer = null;
        this.codec = null;
        this.eventPayloadType = -1;
        this.toTag = null;
        this.rtp = rtp;
        this.leg = leg;
        this.state = State.CALLING;
    }

    public String callId() {
        return callId;
    }

    /** The customer's address: the caller's (From URI), or the callee's of a call the agent placed. */
    public String caller() {
        return caller;
    }

    /**
     * The customer's number, normalised ({@code +} and digits): of an incoming call, from the P-Asserted-Identity a
     * proxy vouches for, else from the From address; of a call the agent placed, from the number dialled. Null when
     * the address holds no number (an anonymous caller). It never leaves the agent in clear: only its salted hash.
     */
    public String callerNumber() {
        return callerNumber;
    }

    /** Why the callee refused a call the agent placed ({@code "488 Not Acceptable Here"}), or null. */
    public String refusal() {
        return refusal;
    }

    /** Whether the agent placed this call. */
    public boolean outgoing() {
        return outgoing;
    }

    public synchronized State state() {
        return state;
    }

    /** Whether the call rings at, or is carried by, the headset (a call in its survey no longer is). */
    public synchronized boolean atHeadset() {
        return state == State.RINGING || state == State.CALLING || state == State.ANSWERED || state == State.TALKING;
    }

    /** Who hung up first, once known. */
    public synchronized EndedBy endedBy() {
        return endedBy;
    }

    /** The negotiated codec; null while a call the agent placed is not answered. */
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

    /** Whether the agent has put the call on hold (the headset's or the app's hold: re-INVITE with sendonly). */
    public boolean heldByAgent() {
        return localHold;
    }

    /**
     * The direction of the media from this side, as last negotiated: {@code SENDRECV} while both talk,
     * {@code RECVONLY} while the caller holds, {@code SENDONLY} while the agent holds, {@code INACTIVE} while both do.
     */
    public Sdp.Direction direction() {
        return direction;
    }

    void direction(Sdp.Direction negotiated) {
        this.direction = negotiated;
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

    /** The call as the log names it: by its Call-ID, never by the customer's address or number. */
    @Override
    public String toString() {
        return (outgoing ? "outgoing call " : "call ") + callId;
    }
}
