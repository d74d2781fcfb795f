package io.cxpulse.agent.line.sip;

import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.cxpulse.agent.line.CallLeg;
import io.cxpulse.agent.line.rtp.RtpSession;
import io.cxpulse.protocol.EndedBy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransportNotSupportedException;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's SIP user agent on the JAIN-SIP reference stack: listens on UDP and TCP, takes incoming calls (one
 * {@link SipCall} per dialog), answers with an SDP answer for PCMU or PCMA and telephone-event, and ends calls with
 * BYE, CANCEL or a timeout. What the agent does about a call (ring the headset, answer on hook-off, hand the caller
 * to the survey) is the {@link Listener}'s business; the phone only signals. Requests it cannot use are refused
 * with a status that says why, and never touch a call in progress: a second call gets 486, an unusable offer 488, a
 * flood of INVITEs from one address 503 without any state kept.
 */
public final class SipPhone implements SipListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SipPhone.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger STACKS = new AtomicInteger();

    /** What the phone tells the agent; called on the stack's threads: hand work off and return. */
    public interface Listener {
        /** A call came in and rings. */
        void incoming(SipCall call);

        /** The caller gave up before the call was answered (CANCEL), or the answer was never acknowledged. */
        void missed(SipCall call);

        /** The caller hung up (BYE) while the call was in {@code before}. */
        void callerHungUp(SipCall call, SipCall.State before);
    }

    private final SipSettings settings;
    private final Listener listener;
    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addresses;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final InetAddress mediaAddress;
    private final String contactHost;
    private final int port;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    private final FloodGuard flood = new FloodGuard(10, 10_000);
    private volatile long lastFloodWarning;
    private final ScheduledExecutorService timers;
    private final AuthenticationHelper auth;
    private final String registerCallId;
    private final String registerTag = HexFormat.of().formatHex(randomBytes(6));
    private long registerCseq;
    private int requestedExpires = 300;
    private ScheduledFuture<?> refresh;
    private volatile Registration registration = Registration.NONE;
    private final AtomicInteger registrations = new AtomicInteger();

    private SipPhone(SipSettings settings, Listener listener) throws IOException {
        this.settings = Objects.requireNonNull(settings);
        this.listener = Objects.requireNonNull(listener);
        String host = settings.listen().getHostString();
        this.mediaAddress = InetAddress.getByName(host);
        this.contactHost = mediaAddress.isAnyLocalAddress()
                ? InetAddress.getLocalHost().getHostAddress()
                : mediaAddress.getHostAddress();
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            Properties p = new Properties();
            p.setProperty("javax.sip.STACK_NAME", "cx-agent-" + STACKS.incrementAndGet());
            p.setProperty("gov.nist.javax.sip.STACK_LOGGER", StackLogging.Stack.class.getName());
            p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", StackLogging.Wire.class.getName());
            p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", log.isTraceEnabled() ? "TRACE" : "ERROR");
            // A stream peer may not send more than this in one message: an INVITE with its SDP is a few KiB.
            p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
            p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "200");
            p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "64");
            p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "5000");
            p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
            p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
            p.setProperty("gov.nist.javax.sip.CANCEL_CLIENT_TRANSACTION_CHECKED", "false");
            this.stack = factory.createSipStack(p);
            this.addresses = factory.createAddressFactory();
            this.headers = factory.createHeaderFactory();
            this.messages = factory.createMessageFactory();
            int wanted = settings.listen().getPort();
            ListeningPoint udp = stack.createListeningPoint(host, wanted, ListeningPoint.UDP);
            this.port = udp.getPort();
            ListeningPoint tcp = stack.createListeningPoint(host, port, ListeningPoint.TCP);
            this.provider = stack.createSipProvider(udp);
            provider.addListeningPoint(tcp);
            provider.addSipListener(this);
            stack.start();
            this.auth = ((SipStackExt) stack).getAuthenticationHelper((tx, realm) -> credentials(), headers);
            this.registerCallId = provider.getNewCallId().getCallId();
            this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cx-sip-timers");
                t.setDaemon(true);
                return t;
            });
        } catch (PeerUnavailableException
                | TransportNotSupportedException
                | InvalidArgumentException
                | ObjectInUseException
                | TooManyListenersException e) {
            throw new IOException(
                    "SIP line cannot listen on " + host + ":"
                            + settings.listen().getPort() + ": " + e.getMessage(),
                    e);
        } catch (SipException e) {
            throw new IOException("SIP stack does not start: " + e.getMessage(), e);
        }
    }

    /** Starts the phone: listens on the settings' address (UDP and TCP) at once. */
    public static SipPhone start(SipSettings settings, Listener listener) throws IOException {
        SipPhone phone = new SipPhone(settings, listener);
        log.info(
                "SIP line {}@{} listening on {}:{} (UDP, TCP)",
                settings.user(),
                settings.domain(),
                phone.contactHost,
                phone.port);
        if (settings.registrar() != null) {
            phone.register(300);
        }
        return phone;
    }

    /** Where the registration stands. */
    public Registration registration() {
        return registration;
    }

    /** Registrations the registrar accepted so far (the first and every refresh). */
    public int registrations() {
        return registrations.get();
    }

    // ---------------------------------------------------------------- registration

    private UserCredentials credentials() {
        return new UserCredentials() {
            @Override
            public String getUserName() {
                return settings.user();
            }

            @Override
            public String getPassword() {
                return settings.password() == null ? "" : settings.password();
            }

            @Override
            public String getSipDomain() {
                return settings.domain();
            }
        };
    }

    /** Sends a REGISTER for the line's address of record; the answer arrives in {@link #processResponse}. */
    synchronized void register(int expires) {
        requestedExpires = expires;
        InetSocketAddress registrar = settings.registrar();
        try {
            SipURI requestUri = addresses.createSipURI(null, settings.domain());
            Address aor = addresses.createAddress(addresses.createSipURI(settings.user(), settings.domain()));
            ViaHeader via = headers.createViaHeader(contactHost, port, ListeningPoint.UDP, null);
            Request register = messages.createRequest(
                    requestUri,
                    Request.REGISTER,
                    headers.createCallIdHeader(registerCallId),
                    headers.createCSeqHeader(++registerCseq, Request.REGISTER),
                    headers.createFromHeader(aor, registerTag),
                    headers.createToHeader(aor, null),
                    List.of(via),
                    headers.createMaxForwardsHeader(70));
            register.addHeader(contact());
            register.addHeader(headers.createExpiresHeader(expires));
            SipURI route = addresses.createSipURI(null, registrar.getHostString());
            route.setPort(registrar.getPort());
            route.setLrParam();
            register.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
            ClientTransaction ct = provider.getNewClientTransaction(register);
            if (registration.state() != Registration.State.REGISTERED) {
                registration =
                        new Registration(Registration.State.REGISTERING, 0, "REGISTER sent to " + hostPort(registrar));
            }
            ct.sendRequest();
        } catch (SipException | ParseException | InvalidArgumentException e) {
            registration = new Registration(
                    Registration.State.FAILED,
                    0,
                    "REGISTER to " + hostPort(registrar) + " not sent: " + e.getMessage());
            log.warn("SIP registration: {}", registration);
        }
    }

    private void registered(Response response, ClientTransaction ct) {
        int status = response.getStatusCode();
        String registrar = hostPort(settings.registrar());
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            boolean answered = ct.getRequest().getHeader(AuthorizationHeader.NAME) != null
                    || ct.getRequest().getHeader(ProxyAuthorizationHeader.NAME) != null;
            if (answered || settings.password() == null) {
                fail(
                        status,
                        response.getReasonPhrase() + " from " + registrar + ": "
                                + (settings.password() == null
                                        ? "the registrar wants a password; pass --sip-password-file"
                                        : "the registrar refused the user " + settings.user()
                                                + " with this password; check --sip-password-file"));
                return;
            }
            try {
                ClientTransaction retry = auth.handleChallenge(response, ct, provider, 5);
                CSeqHeader cseq = (CSeqHeader) retry.getRequest().getHeader(CSeqHeader.NAME);
                synchronized (this) {
                    registerCseq = Math.max(registerCseq, cseq.getSeqNumber());
                }
                retry.sendRequest();
            } catch (SipException | RuntimeException e) {
                fail(status, "cannot answer the challenge of " + registrar + ": " + e.getMessage());
            }
            return;
        }
        if (status == Response.FORBIDDEN) {
            fail(
                    status,
                    response.getReasonPhrase() + " from " + registrar + ": wrong password or user " + settings.user()
                            + "; check --sip-uri and --sip-password-file");
            return;
        }
        if (status >= 300) {
            fail(status, response.getReasonPhrase() + " from " + registrar);
            return;
        }
        int expires = grantedExpires(response);
        if (requestedExpires == 0) {
            return; // the binding was removed at close
        }
        registrations.incrementAndGet();
        registration = new Registration(
                Registration.State.REGISTERED, status, "registered at " + registrar + " for " + expires + " s");
        log.info("SIP registration: {}", registration);
        long refreshIn = Math.max(1, expires - Math.max(1, Math.min(30, expires / 5)));
        synchronized (this) {
            if (refresh != null) {
                refresh.cancel(false);
            }
            refresh = timers.schedule(() -> register(requestedExpires), refreshIn, TimeUnit.SECONDS);
        }
    }

    private int grantedExpires(Response response) {
        for (ListIterator<?> it = response.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
            ContactHeader c = (ContactHeader) it.next();
            if (c.getAddress().getURI() instanceof SipURI uri
                    && uri.getPort() == port
                    && settings.user().equals(uri.getUser())
                    && c.getExpires() >= 0) {
                return c.getExpires();
            }
        }
        ExpiresHeader e = (ExpiresHeader) response.getHeader(ExpiresHeader.NAME);
        return e != null ? e.getExpires() : requestedExpires;
    }

    private void fail(int status, String detail) {
        registration = new Registration(Registration.State.FAILED, status, detail);
        log.warn("SIP registration: {}", registration);
        synchronized (this) {
            if (refresh != null) {
                refresh.cancel(false);
            }
            refresh = timers.schedule(() -> register(requestedExpires), 60, TimeUnit.SECONDS);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** The port the phone listens on (UDP and TCP). */
    public int port() {
        return port;
    }

    /** The call in progress (not ended), if any; the one at the headset first. */
    public Optional<SipCall> current() {
        return calls.values().stream()
                .filter(SipCall::atHeadset)
                .findFirst()
                .or(() -> calls.values().stream()
                        .filter(c -> c.state() != SipCall.State.ENDED)
                        .findFirst());
    }

    // ---------------------------------------------------------------- requests

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> invite(event);
                case Request.ACK -> ack(request);
                case Request.BYE -> bye(event);
                case Request.CANCEL -> cancel(event);
                case Request.OPTIONS -> respondStateless(request, Response.OK, null);
                default -> respondStateless(request, Response.METHOD_NOT_ALLOWED, null);
            }
        } catch (RuntimeException | SipException | ParseException | InvalidArgumentException e) {
            log.warn("SIP {} not handled: {}", request.getMethod(), e.toString());
        }
    }

    private void invite(RequestEvent event) throws SipException, ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        SipCall existing = calls.get(callId);
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (existing != null && to.getTag() != null) {
            reinvite(event, existing);
            return;
        }
        if (existing != null) {
            return; // a retransmission the stack let through: the first copy is being handled
        }
        String source = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : "?";
        long now = System.currentTimeMillis();
        if (!flood.allow(source, now)) {
            if (now - lastFloodWarning > 10_000) { // a flood must not flood the log either
                lastFloodWarning = now;
                log.warn("SIP INVITEs from {} refused: too many calls from that address", source);
            }
            respondStateless(request, Response.SERVICE_UNAVAILABLE, "too many calls from " + source);
            return;
        }
        if (to.getTag() != null) {
            respondStateless(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        Sdp.Media offer;
        try {
            offer = Sdp.parse(request.getRawContent());
            if (offer.codec() == null) {
                throw new Sdp.SdpException("the offer has neither PCMU nor PCMA at 8 kHz");
            }
        } catch (Sdp.SdpException e) {
            log.warn("SIP INVITE {} refused: {}", callId, e.getMessage());
            respondStateless(request, Response.NOT_ACCEPTABLE_HERE, e.getMessage());
            return;
        }
        if (calls.values().stream().anyMatch(SipCall::atHeadset)) {
            log.info("SIP INVITE {} refused: the agent is on a call", callId);
            respondStateless(request, Response.BUSY_HERE, null);
            return;
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            st = provider.getNewServerTransaction(request);
        }
        String tag = HexFormat.of().formatHex(randomBytes(6));
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        RtpSession rtp;
        try {
            rtp = new RtpSession(mediaAddress, callId.length() > 8 ? callId.substring(0, 8) : callId);
        } catch (SocketException e) {
            log.error("SIP INVITE {}: no media port: {}", callId, e.getMessage());
            st.sendResponse(response(request, Response.SERVER_INTERNAL_ERROR, null, "no media port"));
            return;
        }
        SipCall[] holder = new SipCall[1];
        CallLeg leg = new CallLeg(() -> hangUp(holder[0]));
        SipCall call = new SipCall(callId, from.getAddress().getURI().toString(), request, st, offer, tag, rtp, leg);
        holder[0] = call;
        calls.put(callId, call);
        st.sendResponse(response(request, Response.RINGING, tag, null));
        log.info(
                "SIP {} rings ({}{})",
                call,
                call.codec(),
                call.telephoneEvents() ? ", RFC 4733 keys" : ", in-band keys");
        listener.incoming(call);
    }

    /**
     * Answers a ringing call: 200 OK with the SDP answer, and the media start.
     *
     * @return false when the call no longer rings (the caller gave up)
     */
    public boolean answer(SipCall call) {
        synchronized (call) {
            if (call.state() != SipCall.State.RINGING) {
                return false;
            }
            try {
                Response ok = response(call.invite, Response.OK, call.toTag, null);
                String sdp = Sdp.describe(
                        call.rtp.hashCode() & 0x7FFF_FFFFL,
                        call.sdpVersion,
                        contactHost,
                        call.rtp.localPort(),
                        call.codec,
                        call.eventPayloadType,
                        Sdp.Direction.SENDRECV);
                ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
                call.rtp.start(call.offer.address(), call.codec, call.eventPayloadType, call.leg, call.leg);
                call.inviteTransaction.sendResponse(ok);
                call.dialog = call.inviteTransaction.getDialog();
                call.move(SipCall.State.ANSWERED, null);
                log.info("SIP {} answered", call);
                return true;
            } catch (SipException | ParseException | InvalidArgumentException e) {
                log.error("SIP {}: the answer could not be sent: {}", call, e.getMessage());
                end(call, null);
                return false;
            }
        }
    }

    /** The agent hung up: the caller's leg passes to the survey; the call goes on until {@link #hangUp}. */
    public void agentHungUp(SipCall call) {
        if (call.move(SipCall.State.SURVEY, EndedBy.AGENT) != null) {
            log.info("SIP {}: agent hung up, the caller stays on the line", call);
        }
    }

    /** Ends the call from this side: BYE once established (after the survey, or when none runs). */
    public void hangUp(SipCall call) {
        if (call == null) {
            return;
        }
        SipCall.State before = call.move(SipCall.State.ENDED, EndedBy.AGENT);
        if (before == null) {
            return; // already over
        }
        try {
            if (before == SipCall.State.RINGING) {
                call.inviteTransaction.sendResponse(
                        response(call.invite, Response.TEMPORARILY_UNAVAILABLE, call.toTag, null));
            } else if (call.dialog != null) {
                Request bye = call.dialog.createRequest(Request.BYE);
                ClientTransaction ct = provider.getNewClientTransaction(bye);
                call.dialog.sendRequest(ct);
                log.info("SIP {}: BYE sent", call);
            }
        } catch (SipException | ParseException | InvalidArgumentException e) {
            log.warn("SIP {}: hanging up failed: {}", call, e.getMessage());
        } finally {
            call.leg.release();
            call.rtp.close();
        }
    }

    private void ack(Request request) {
        SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        if (call != null && call.move(SipCall.State.TALKING, null) != null) {
            log.info("SIP {} established", call);
        }
    }

    private void bye(RequestEvent event) throws SipException, InvalidArgumentException, ParseException {
        Request request = event.getRequest();
        SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        ServerTransaction st = event.getServerTransaction();
        if (call == null || st == null) {
            respondStateless(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return;
        }
        st.sendResponse(messages.createResponse(Response.OK, request));
        SipCall.State before = call.move(SipCall.State.ENDED, EndedBy.CALLER);
        if (before == null) {
            return;
        }
        log.info("SIP {}: the caller hung up ({})", call, before);
        call.leg.release();
        call.rtp.close();
        listener.callerHungUp(call, before);
    }

    private void cancel(RequestEvent event) throws SipException, InvalidArgumentException, ParseException {
        Request request = event.getRequest();
        SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            st = provider.getNewServerTransaction(request);
        }
        if (call == null) {
            st.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        st.sendResponse(messages.createResponse(Response.OK, request));
        synchronized (call) {
            if (call.move(SipCall.State.ENDED, EndedBy.CALLER) != SipCall.State.RINGING) {
                return;
            }
            call.inviteTransaction.sendResponse(response(call.invite, Response.REQUEST_TERMINATED, call.toTag, null));
        }
        log.info("SIP {}: the caller gave up before the answer", call);
        call.rtp.close();
        listener.missed(call);
    }

    private void reinvite(RequestEvent event, SipCall call)
            throws SipException, ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        ServerTransaction st = event.getServerTransaction();
        if (st == null) {
            st = provider.getNewServerTransaction(request);
        }
        Sdp.Media offer;
        try {
            offer = Sdp.parse(request.getRawContent());
            if (offer.codec() != call.codec) {
                throw new Sdp.SdpException("the offer changes the codec");
            }
        } catch (Sdp.SdpException e) {
            st.sendResponse(response(request, Response.NOT_ACCEPTABLE_HERE, null, e.getMessage()));
            return; // the call goes on as it was (RFC 3261 section 14.2)
        }
        call.remoteHold = offer.hold();
        call.rtp.remote(offer.address());
        call.rtp.sending(!offer.hold() && !call.localHold);
        Response ok = response(request, Response.OK, null, null);
        ok.addHeader(contact());
        String sdp = Sdp.describe(
                call.rtp.hashCode() & 0x7FFF_FFFFL,
                ++call.sdpVersion,
                contactHost,
                call.rtp.localPort(),
                call.codec,
                call.eventPayloadType,
                offer.direction().reverse());
        ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        st.sendResponse(ok);
        log.info("SIP {}: {} by the caller", call, offer.hold() ? "held" : "resumed");
    }

    // ---------------------------------------------------------------- responses and events

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        ClientTransaction ct = event.getClientTransaction();
        CSeqHeader cseq = (CSeqHeader) r.getHeader(CSeqHeader.NAME);
        if (ct != null && cseq != null && Request.REGISTER.equals(cseq.getMethod())) {
            if (r.getStatusCode() >= 200) {
                registered(r, ct);
            }
            return;
        }
        log.debug("SIP response {} {}", r.getStatusCode(), r.getReasonPhrase());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            Request request = event.getServerTransaction().getRequest();
            SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
            if (call != null && Request.INVITE.equals(request.getMethod()) && end(call, EndedBy.CALLER)) {
                log.warn("SIP {}: no ACK for the answer; the call is over", call);
                listener.missed(call);
            }
        } else {
            Request request = event.getClientTransaction().getRequest();
            if (Request.REGISTER.equals(request.getMethod())) {
                fail(Response.REQUEST_TIMEOUT, "the registrar " + hostPort(settings.registrar()) + " did not answer");
                return;
            }
            log.warn("SIP {} to {} timed out", request.getMethod(), request.getRequestURI());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        log.warn("SIP I/O error with {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        Dialog d = event.getDialog();
        SipCall call = calls.get(d.getCallId().getCallId());
        if (call != null) {
            SipCall.State before = call.state();
            if (before == SipCall.State.ANSWERED && end(call, EndedBy.CALLER)) {
                log.warn("SIP {}: the dialog ended before the ACK", call);
                listener.missed(call);
            }
            if (call.state() == SipCall.State.ENDED) {
                calls.remove(call.callId, call);
            }
        }
    }

    private boolean end(SipCall call, EndedBy by) {
        if (call.move(SipCall.State.ENDED, by) == null) {
            return false;
        }
        call.leg.release();
        call.rtp.close();
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private Response response(Request request, int status, String toTag, String warning)
            throws ParseException, InvalidArgumentException {
        Response r = messages.createResponse(status, request);
        if (toTag != null) {
            ((ToHeader) r.getHeader(ToHeader.NAME)).setTag(toTag);
            r.addHeader(contact());
        }
        if (warning != null) {
            r.addHeader(headers.createWarningHeader(contactHost, 399, warning));
        }
        return r;
    }

    private void respondStateless(Request request, int status, String warning)
            throws SipException, ParseException, InvalidArgumentException {
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        Response r = response(request, status, null, warning);
        if (status == Response.SERVICE_UNAVAILABLE) {
            r.addHeader(headers.createRetryAfterHeader(30));
        }
        provider.sendResponse(r);
    }

    private ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(settings.user(), contactHost);
        uri.setPort(port);
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Ends every call (BYE) and stops the stack. */
    @Override
    public void close() {
        List<SipCall> open = new ArrayList<>(calls.values());
        for (SipCall c : open) {
            hangUp(c);
        }
        timers.shutdownNow();
        if (registration.state() == Registration.State.REGISTERED) {
            register(0); // remove the binding; the answer may not arrive before the stack stops
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        provider.removeSipListener(this);
        stack.stop();
    }
}
