package io.cxpulse.agent.line.sip;

import gov.nist.javax.sip.ListeningPointExt;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackExt;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import io.cxpulse.agent.call.CallerNumbers;
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
import java.util.Locale;
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
import javax.net.ssl.SSLException;
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
import javax.sip.TransactionState;
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
import javax.sip.header.HeaderAddress;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.RouteHeader;
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
    private static final String P_ASSERTED_IDENTITY = "P-Asserted-Identity";
    /** TLS 1.3 and the TLS 1.2 suites with forward secrecy: what a current PBX offers. */
    private static final String[] TLS_SUITES = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
    };

    /** What the phone tells the agent; called on the stack's threads: hand work off and return. */
    public interface Listener {
        /** A call came in and rings. */
        void incoming(SipCall call);

        /** The caller gave up before the call was answered (CANCEL), or the answer was never acknowledged. */
        void missed(SipCall call);

        /** The caller hung up (BYE) while the call was in {@code before}. */
        void callerHungUp(SipCall call, SipCall.State before);

        /** The callee answered a call the agent placed: the call is established (ACK sent). */
        default void answered(SipCall call) {}
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
    private final ListeningPoint tls;
    private TlsStores tlsStores;
    private final AtomicInteger keepAlives = new AtomicInteger();
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
            if ("tls".equals(settings.transport())) {
                p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
                p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
                tlsStores = TlsStores.write(settings.caFile(), p);
            }
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
            if ("tls".equals(settings.transport())) {
                ((SipStackExt) stack).setEnabledCipherSuites(TLS_SUITES);
                this.tls = stack.createListeningPoint(host, wanted == 0 ? 0 : port + 1, ListeningPoint.TLS);
                provider.addListeningPoint(tls);
            } else {
                this.tls = null;
            }
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
        } finally {
            if (tlsStores != null) {
                tlsStores.close(); // the stack read them as it was made
            }
        }
    }

    /** Starts the phone: listens on the settings' address (UDP and TCP) at once. */
    public static SipPhone start(SipSettings settings, Listener listener) throws IOException {
        SipPhone phone = new SipPhone(settings, listener);
        log.info(
                "SIP line {}@{} listening on {}:{} (UDP, TCP{})",
                settings.user(),
                settings.domain(),
                phone.contactHost,
                phone.port,
                phone.tls != null ? "; TLS on " + phone.tls.getPort() : "");
        if (settings.registrar() != null) {
            phone.register(300);
            if (settings.keepAliveSeconds() > 0) {
                phone.startKeepAlive(settings.keepAliveSeconds());
            }
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
            ViaHeader via = via();
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
            register.addHeader(outboundRoute());
            ClientTransaction ct = provider.getNewClientTransaction(register);
            if (registration.state() != Registration.State.REGISTERED) {
                registration =
                        new Registration(Registration.State.REGISTERING, 0, "REGISTER sent to " + hostPort(registrar));
            }
            ct.sendRequest();
        } catch (SipException | ParseException | InvalidArgumentException e) {
            fail(0, "REGISTER to " + hostPort(registrar) + " not sent: " + reason(e));
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
                    && uri.getPort() == localPort()
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

    /** Why a request could not be sent, with what to check when the PBX's TLS certificate is not trusted. */
    private String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS with " + hostPort(settings.registrar()) + " failed (" + t.getMessage()
                        + "); check that --sip-ca-file holds the authority that signed the PBX's certificate";
            }
        }
        return e.getMessage();
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
        SipCall call = new SipCall(
                callId,
                from.getAddress().getURI().toString(),
                callerNumber(request),
                request,
                st,
                offer,
                tag,
                rtp,
                leg);
        holder[0] = call;
        calls.put(callId, call);
        st.sendResponse(response(request, Response.RINGING, tag, null));
        log.info("SIP {} rings ({})", call, media(call));
        listener.incoming(call);
    }

    /**
     * The caller's number in an INVITE, normalised by {@link CallerNumbers#of}: from the first P-Asserted-Identity
     * (RFC 3325, set by the PBX or proxy that vouches for it) that holds a number, else from the From address; null
     * when neither does (an anonymous or named caller).
     */
    static String callerNumber(Request invite) {
        ListIterator<?> asserted = invite.getHeaders(P_ASSERTED_IDENTITY);
        while (asserted != null && asserted.hasNext()) {
            Object h = asserted.next();
            String address = h instanceof HeaderAddress a && a.getAddress() != null
                    ? a.getAddress().getURI().toString()
                    : headerValue(h.toString());
            String number = CallerNumbers.of(address);
            if (number != null) {
                return number;
            }
        }
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        return from == null || from.getAddress() == null
                ? null
                : CallerNumbers.of(from.getAddress().getURI().toString());
    }

    /** The value of a header as the stack prints it ({@code Name: value}). */
    private static String headerValue(String header) {
        int colon = header.indexOf(':');
        return (colon < 0 ? header : header.substring(colon + 1)).trim();
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
            } else if (before == SipCall.State.CALLING) {
                cancel(call);
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

    // ---------------------------------------------------------------- calls the agent places

    /**
     * Places a call to {@code target} ({@code sip:USER@HOST[:PORT][;transport=...]}, or {@code USER} alone for
     * {@code sip:USER@DOMAIN} of the line's own domain): an INVITE offering PCMU, PCMA and telephone-event, through
     * the registrar when there is one. The callee's answer arrives as {@link Listener#answered}; a refusal, or no
     * answer, as {@link Listener#missed}. {@link #hangUp} before the answer sends CANCEL.
     *
     * @throws IllegalArgumentException when the target is no SIP address
     */
    public SipCall dial(String target) throws IOException {
        SipURI uri;
        try {
            String full = target.contains(":") ? target : "sip:" + target + "@" + settings.domain();
            if (!(addresses.createURI(full) instanceof SipURI sip) || sip.getUser() == null && sip.getHost() == null) {
                throw new IllegalArgumentException("not a SIP address: " + target);
            }
            uri = sip;
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a SIP address: " + target + " (" + e.getMessage() + ")", e);
        }
        RtpSession rtp = new RtpSession(mediaAddress, "out-" + Integer.toHexString(RANDOM.nextInt()));
        try {
            CallIdHeader callId = provider.getNewCallId();
            Address from = addresses.createAddress(addresses.createSipURI(settings.user(), settings.domain()));
            Request invite = messages.createRequest(
                    uri,
                    Request.INVITE,
                    callId,
                    headers.createCSeqHeader(1L, Request.INVITE),
                    headers.createFromHeader(from, HexFormat.of().formatHex(randomBytes(6))),
                    headers.createToHeader(addresses.createAddress(uri), null),
                    List.of(via()),
                    headers.createMaxForwardsHeader(70));
            invite.addHeader(contact());
            if (settings.registrar() != null) {
                invite.addHeader(outboundRoute());
            }
            String sdp = Sdp.offer(
                    rtp.hashCode() & 0x7FFF_FFFFL, 1, contactHost, rtp.localPort(), 101, Sdp.Direction.SENDRECV);
            invite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
            SipCall[] holder = new SipCall[1];
            CallLeg leg = new CallLeg(() -> hangUp(holder[0]));
            SipCall call =
                    new SipCall(callId.getCallId(), uri.toString(), CallerNumbers.of(uri.toString()), invite, rtp, leg);
            holder[0] = call;
            ClientTransaction ct = provider.getNewClientTransaction(invite);
            call.outgoingInvite = ct;
            call.dialog = ct.getDialog();
            calls.put(call.callId, call);
            ct.sendRequest();
            log.info("SIP {}: INVITE sent", call);
            return call;
        } catch (SipException | ParseException | InvalidArgumentException e) {
            rtp.close();
            throw new IOException("cannot call " + target + ": " + e.getMessage(), e);
        }
    }

    private void outgoingAnswered(SipCall call, Response response, ClientTransaction ct, Dialog dialog) {
        int status = response.getStatusCode();
        if (dialog != null) {
            call.dialog = dialog;
        }
        if (status < 200) {
            if (status == Response.RINGING || status == Response.SESSION_PROGRESS) {
                log.info("SIP {} rings at the callee", call);
            }
            if (call.cancelPending) {
                cancel(call);
            }
            return;
        }
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            if (settings.password() != null && call.state() == SipCall.State.CALLING && ct == call.outgoingInvite) {
                try {
                    ClientTransaction retry = auth.handleChallenge(response, ct, provider, 5);
                    call.outgoingInvite = retry;
                    call.dialog = retry.getDialog();
                    retry.sendRequest();
                    return;
                } catch (SipException | RuntimeException e) {
                    log.warn("SIP {}: cannot answer the proxy's challenge: {}", call, e.getMessage());
                }
            }
        }
        if (status >= 300) {
            call.refusal = status + " " + response.getReasonPhrase();
            if (end(call, EndedBy.CALLER)) {
                log.info("SIP {}: refused: {} {}", call, status, response.getReasonPhrase());
                listener.missed(call);
            }
            return;
        }
        ack(call, response);
        Sdp.Media answer;
        try {
            answer = Sdp.parse(response.getRawContent());
            if (answer.codec() == null) {
                throw new Sdp.SdpException("the answer has neither PCMU nor PCMA at 8 kHz");
            }
        } catch (Sdp.SdpException e) {
            log.warn("SIP {}: unusable answer, hanging up: {}", call, e.getMessage());
            bye(call);
            if (end(call, EndedBy.AGENT)) {
                listener.missed(call);
            }
            return;
        }
        synchronized (call) {
            if (call.state() != SipCall.State.CALLING) {
                // The agent hung up while the answer was on its way: the call is over, say so to the callee.
                bye(call);
                return;
            }
            call.codec = answer.codec();
            call.eventPayloadType = answer.telephoneEvent();
            call.remoteHold = answer.hold();
            call.direction(answer.direction().reverse());
            call.rtp.start(answer.address(), call.codec, call.eventPayloadType, call.leg, call.leg);
            call.move(SipCall.State.TALKING, null);
        }
        log.info("SIP {} answered ({})", call, media(call));
        listener.answered(call);
    }

    private void cancel(SipCall call) {
        ClientTransaction ct = call.outgoingInvite;
        try {
            if (ct.getState() == null || ct.getState() == TransactionState.CALLING) {
                call.cancelPending = true; // no provisional answer yet: CANCEL once one comes (RFC 3261 9.1)
                return;
            }
            call.cancelPending = false;
            provider.getNewClientTransaction(ct.createCancel()).sendRequest();
            log.info("SIP {}: CANCEL sent", call);
        } catch (SipException e) {
            log.warn("SIP {}: the CANCEL could not be sent: {}", call, e.getMessage());
        }
    }

    private void bye(SipCall call) {
        try {
            Request bye = call.dialog.createRequest(Request.BYE);
            call.dialog.sendRequest(provider.getNewClientTransaction(bye));
            log.info("SIP {}: BYE sent", call);
        } catch (SipException | RuntimeException e) {
            log.warn("SIP {}: the BYE could not be sent: {}", call, e.toString());
        }
    }

    // ---------------------------------------------------------------- keep-alive

    private void startKeepAlive(int seconds) {
        timers.scheduleWithFixedDelay(this::sendKeepAlive, seconds, seconds, TimeUnit.SECONDS); // stopped at close
    }

    /**
     * Keeps the path to the registrar alive (NAT bindings, the registrar's connection): on TCP and TLS a CRLF ping on
     * the connection (RFC 5626 section 4.4.1), on UDP an OPTIONS request, whose answer (any status) shows the
     * registrar is there. No answer to it is a lost flow: the line registers again at once.
     */
    private void sendKeepAlive() {
        InetSocketAddress registrar = settings.registrar();
        if (registration.state() != Registration.State.REGISTERED) {
            return; // nothing to keep alive: the registration is retried on its own
        }
        try {
            if ("udp".equals(settings.transport())) {
                // Addressed to the registrar itself, the next hop whose path it keeps open.
                SipURI target = addresses.createSipURI(null, registrar.getHostString());
                target.setPort(registrar.getPort());
                Address aor = addresses.createAddress(addresses.createSipURI(settings.user(), settings.domain()));
                Request options = messages.createRequest(
                        target,
                        Request.OPTIONS,
                        provider.getNewCallId(),
                        headers.createCSeqHeader(1L, Request.OPTIONS),
                        headers.createFromHeader(aor, HexFormat.of().formatHex(randomBytes(6))),
                        headers.createToHeader(addresses.createAddress(target), null),
                        List.of(via()),
                        headers.createMaxForwardsHeader(70));
                provider.getNewClientTransaction(options).sendRequest();
                log.debug("SIP keep-alive: OPTIONS sent to {}", hostPort(registrar));
            } else {
                ListeningPoint lp = tls != null ? tls : provider.getListeningPoint(ListeningPoint.TCP);
                ((ListeningPointExt) lp).sendHeartbeat(registrar.getHostString(), registrar.getPort());
                keepAlives.incrementAndGet();
            }
        } catch (IOException | SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            log.warn("SIP keep-alive to {} failed: {}", hostPort(registrar), e.toString());
            keepAliveLost();
        }
    }

    private void keepAliveAnswered(Response r) {
        if (r.getStatusCode() >= 200) {
            keepAlives.incrementAndGet();
            log.debug("SIP keep-alive answered {} by {}", r.getStatusCode(), hostPort(settings.registrar()));
        }
    }

    private void keepAliveLost() {
        log.warn("SIP keep-alive: {} does not answer; registering again", hostPort(settings.registrar()));
        timers.execute(() -> register(requestedExpires));
    }

    /** Keep-alives sent on TCP or TLS, or answered on UDP, so far. */
    public int keepAlives() {
        return keepAlives.get();
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
        if (call.reinvite != null) {
            // Both sides changed the session at once (RFC 3261 section 14.2): the caller tries again later.
            st.sendResponse(response(request, Response.REQUEST_PENDING, null, null));
            return;
        }
        byte[] body = request.getRawContent();
        Sdp.Direction answer;
        if (body == null || body.length == 0) {
            // No offer: a session refresh. The 200 carries this side's offer as things stand, the ACK the answer.
            answer = Sdp.Direction.of(!call.localHold, true);
        } else {
            Sdp.Media offer;
            try {
                offer = Sdp.parse(body);
                if (offer.codec() != call.codec) {
                    throw new Sdp.SdpException("the offer changes the codec");
                }
            } catch (Sdp.SdpException e) {
                st.sendResponse(response(request, Response.NOT_ACCEPTABLE_HERE, null, e.getMessage()));
                return; // the call goes on as it was (RFC 3261 section 14.2)
            }
            call.remoteHold = offer.hold();
            call.rtp.remote(offer.address());
            answer = (offer.address().getAddress().isAnyLocalAddress() ? Sdp.Direction.INACTIVE : offer.direction())
                    .answer(call.localHold);
        }
        call.direction(answer);
        call.rtp.sending(!call.remoteHold && !call.localHold);
        Response ok = response(request, Response.OK, null, null);
        ok.addHeader(contact());
        String sdp = Sdp.describe(
                call.rtp.hashCode() & 0x7FFF_FFFFL,
                ++call.sdpVersion,
                contactHost,
                call.rtp.localPort(),
                call.codec,
                call.eventPayloadType,
                answer);
        ok.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        st.sendResponse(ok);
        log.info(
                "SIP {}: {} by the caller, answered {}",
                call,
                call.remoteHold ? "held" : "resumed",
                answer.attribute());
    }

    // ---------------------------------------------------------------- hold from this side

    /**
     * Puts the call on hold from this side, or takes it off: sending stops at once, and a re-INVITE offers
     * {@code sendonly} ({@code inactive} when the caller holds too) or, to resume, {@code sendrecv}
     * ({@code recvonly}). A change while a re-INVITE is on its way follows when it is answered.
     */
    public void hold(SipCall call, boolean held) {
        call.localHold = held;
        call.rtp.sending(!held && !call.remoteHold);
        sendReinvite(call);
    }

    private void sendReinvite(SipCall call) {
        synchronized (call) {
            SipCall.State state = call.state();
            if (state != SipCall.State.TALKING && state != SipCall.State.SURVEY || call.dialog == null) {
                return; // not established: the answer or the ACK carries no hold; the media stop is enough
            }
            if (call.reinvite != null) {
                call.reinviteAgain = true;
                return;
            }
            // Send unless the caller holds, receive unless the agent holds (RFC 3264 section 8.4).
            Sdp.Direction offer = Sdp.Direction.of(!call.remoteHold, !call.localHold);
            try {
                Request reinvite = call.dialog.createRequest(Request.INVITE);
                reinvite.addHeader(contact());
                String sdp = Sdp.describe(
                        call.rtp.hashCode() & 0x7FFF_FFFFL,
                        ++call.sdpVersion,
                        contactHost,
                        call.rtp.localPort(),
                        call.codec,
                        call.eventPayloadType,
                        offer);
                reinvite.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
                ClientTransaction ct = provider.getNewClientTransaction(reinvite);
                call.reinvite = ct;
                call.reinviteAgain = false;
                call.dialog.sendRequest(ct);
                log.info(
                        "SIP {}: {} by the agent, offered {}",
                        call,
                        call.localHold ? "held" : "resumed",
                        offer.attribute());
            } catch (SipException | ParseException e) {
                call.reinvite = null;
                log.warn("SIP {}: the re-INVITE could not be sent: {}", call, e.getMessage());
            }
        }
    }

    private void reinviteAnswered(SipCall call, Response response, ClientTransaction ct) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status < 300) {
            ack(call, response);
            try {
                Sdp.Media answer = Sdp.parse(response.getRawContent());
                call.direction(answer.direction().reverse());
                call.rtp.remote(answer.address());
            } catch (Sdp.SdpException e) {
                log.warn("SIP {}: the answer to the re-INVITE is unusable: {}", call, e.getMessage());
            }
        } else {
            log.warn("SIP {}: the re-INVITE was refused: {} {}", call, status, response.getReasonPhrase());
        }
        boolean again;
        synchronized (call) {
            if (call.reinvite != ct) {
                return;
            }
            call.reinvite = null;
            again = call.reinviteAgain || status == Response.REQUEST_PENDING;
        }
        if (status == Response.REQUEST_PENDING) {
            // Glare: try again after 2.1 to 4 s (RFC 3261 section 14.1).
            timers.schedule(() -> sendReinvite(call), 2100 + RANDOM.nextInt(1900), TimeUnit.MILLISECONDS);
        } else if (again) {
            sendReinvite(call);
        }
    }

    private void ack(SipCall call, Response response) {
        try {
            Dialog dialog = call.dialog;
            long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = dialog.createAck(cseq);
            dialog.sendAck(ack);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            log.warn("SIP {}: the ACK could not be sent: {}", call, e.toString());
        }
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
        if (ct != null && cseq != null && Request.OPTIONS.equals(cseq.getMethod())) {
            keepAliveAnswered(r);
            return;
        }
        if (cseq != null && Request.INVITE.equals(cseq.getMethod())) {
            SipCall call = calls.get(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId());
            if (call != null && ct != null && ct == call.reinvite) {
                reinviteAnswered(call, r, ct);
                return;
            }
            if (call != null && call.outgoing && ct != null) {
                outgoingAnswered(call, r, ct, event.getDialog());
                return;
            }
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
            if (Request.OPTIONS.equals(request.getMethod())) {
                keepAliveLost();
                return;
            }
            SipCall call = calls.get(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
            if (call != null && Request.INVITE.equals(request.getMethod())) {
                if (event.getClientTransaction() == call.reinvite) {
                    call.reinvite = null;
                    log.warn("SIP {}: the re-INVITE got no answer", call);
                    return;
                }
                if (call.outgoing && end(call, EndedBy.CALLER)) {
                    log.warn("SIP {}: no answer from the callee", call);
                    listener.missed(call);
                    return;
                }
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
        uri.setPort(localPort());
        if (!"udp".equals(settings.transport())) {
            uri.setTransportParam(settings.transport());
        }
        Address address = addresses.createAddress(uri);
        return headers.createContactHeader(address);
    }

    /** The port of the listening point of the configured transport (TLS has its own). */
    private int localPort() {
        return tls != null ? tls.getPort() : port;
    }

    private ViaHeader via() throws ParseException, InvalidArgumentException {
        return headers.createViaHeader(
                contactHost, localPort(), settings.transport().toUpperCase(Locale.ROOT), null);
    }

    /** A loose route through the registrar, which is the line's outbound proxy, over the configured transport. */
    private RouteHeader outboundRoute() throws ParseException {
        InetSocketAddress registrar = settings.registrar();
        SipURI route = addresses.createSipURI(null, registrar.getHostString());
        route.setPort(registrar.getPort());
        route.setLrParam();
        route.setTransportParam(settings.transport());
        return headers.createRouteHeader(addresses.createAddress(route));
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

    /** The call's codec and how its keys travel, for the log. */
    private static String media(SipCall call) {
        return call.codec() + (call.telephoneEvents() ? ", RFC 4733 keys" : ", in-band keys");
    }
}
