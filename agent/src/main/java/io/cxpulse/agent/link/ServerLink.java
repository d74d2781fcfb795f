package io.cxpulse.agent.link;

import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.CallerCheck;
import io.cxpulse.protocol.CallerCheckAnswer;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.ScoresSubscribe;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the agent's events to the server over one WebSocket. Events go to the {@link Outbox} first and leave it only
 * when the server acknowledges their commit (or refuses them for good); after any disconnect the link reconnects with
 * backoff and resends whatever is unacknowledged, which the server de-duplicates by event id. Given several servers (the
 * nodes of one cluster), it tries the next one after each connection loss or failed attempt, with the same guarantees:
 * every node shares the store and its de-duplication. All socket work runs on the link's own thread: {@link #submit}
 * only journals the event and returns.
 */
public final class ServerLink implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(ServerLink.class);
    private static final int MAX_IN_FLIGHT = 256;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration RETRY_UNAVAILABLE = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final List<URI> endpoints;
    private final String agentId;
    private final String token;
    private final Outbox outbox;
    private final Consumer<LinkStatus> statusListener;
    private final Connector connector;
    private final ScheduledExecutorService loop;

    // Touched only on the loop thread.
    private volatile int current;
    private WebSocket socket;
    private boolean welcomed;
    private final Set<String> inFlight = new HashSet<>();
    private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
    private Duration backoff = MIN_BACKOFF;
    private boolean closed;
    private volatile LinkStatus status;
    private volatile Consumer<AgentScores> scoresListener;
    private volatile Consumer<SurveyProgram> programListener;
    private volatile Consumer<CallerCheckAnswer> callerListener;

    public ServerLink(URI server, String agentId, String token, Outbox outbox, Consumer<LinkStatus> statusListener) {
        this(List.of(server), agentId, token, outbox, statusListener, (SSLContext) null);
    }

    /** A link to any of {@code servers}, the nodes of one cluster, tried in turn. */
    public ServerLink(
            List<URI> servers, String agentId, String token, Outbox outbox, Consumer<LinkStatus> statusListener) {
        this(servers, agentId, token, outbox, statusListener, (SSLContext) null);
    }

    /** As above; {@code tls}, when not null, decides which servers a {@code wss://} connection trusts. */
    public ServerLink(
            URI server,
            String agentId,
            String token,
            Outbox outbox,
            Consumer<LinkStatus> statusListener,
            SSLContext tls) {
        this(List.of(server), agentId, token, outbox, statusListener, tls);
    }

    /** A link to any of {@code servers}, tried in turn; {@code tls} as above. */
    public ServerLink(
            List<URI> servers,
            String agentId,
            String token,
            Outbox outbox,
            Consumer<LinkStatus> statusListener,
            SSLContext tls) {
        this(
                servers,
                agentId,
                token,
                outbox,
                statusListener,
                (endpoint, listener) ->
                        PlainWebSocket.open(endpoint, listener, tls, CONNECT_TIMEOUT, "cx-link-socket-" + agentId));
    }

    /** Opens one WebSocket to a server, telling {@code listener} what arrives on it. */
    interface Connector {
        CompletableFuture<WebSocket> open(URI endpoint, WebSocket.Listener listener);
    }

    /** As above, with the WebSockets opened by {@code connector}. */
    ServerLink(
            URI server,
            String agentId,
            String token,
            Outbox outbox,
            Consumer<LinkStatus> statusListener,
            Connector connector) {
        this(List.of(server), agentId, token, outbox, statusListener, connector);
    }

    private ServerLink(
            List<URI> servers,
            String agentId,
            String token,
            Outbox outbox,
            Consumer<LinkStatus> statusListener,
            Connector connector) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to connect to");
        }
        this.endpoints = servers.stream().map(ServerLink::agentEndpoint).toList();
        this.agentId = agentId;
        this.token = token;
        this.outbox = outbox;
        this.statusListener = statusListener == null ? s -> {} : statusListener;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cx-link-" + agentId);
            t.setDaemon(true);
            return t;
        });
        this.connector = connector;
        this.status =
                new LinkStatus(LinkStatus.State.CONNECTING, endpoints.get(0).toString(), outbox.size());
    }

    /** The WebSocket address for a server's base URL ({@code http://host:port} or {@code ws://host:port/ws/agent}). */
    public static URI agentEndpoint(URI server) {
        String scheme = switch (server.getScheme() == null ? "" : server.getScheme()) {
            case "http", "ws" -> "ws";
            case "https", "wss" -> "wss";
            default ->
                throw new IllegalArgumentException(
                        "server address must start with http://, https://, ws:// or wss://, got " + server);
        };
        String path = server.getPath() == null
                        || server.getPath().isEmpty()
                        || server.getPath().equals("/")
                ? "/ws/agent"
                : server.getPath();
        return URI.create(scheme + "://" + server.getRawAuthority() + path);
    }

    /** Connects in the background; the link keeps reconnecting until closed. */
    public void start() {
        loop.execute(this::connect);
    }

    /** Durably queues an event for the server; returns once it is on disk. */
    public void submit(AgentEvent event) throws IOException {
        outbox.add(event);
        loop.execute(this::flush);
    }

    /**
     * Asks the server for this agent's own scores after every connection, and tells {@code listener} (on the link's
     * thread) each time they arrive; set before {@link #start()}. Without a listener the link never asks.
     */
    public void onScores(Consumer<AgentScores> listener) {
        this.scoresListener = Objects.requireNonNull(listener);
    }

    /** Tells {@code listener} (on the link's thread) each survey program the server sends; set before {@link #start()}. */
    public void onProgram(Consumer<SurveyProgram> listener) {
        this.programListener = Objects.requireNonNull(listener);
    }

    /** Tells {@code listener} (on the link's thread) each answer to a {@link #checkCaller} question. */
    public void onCallerCheckAnswer(Consumer<CallerCheckAnswer> listener) {
        this.callerListener = Objects.requireNonNull(listener);
    }

    /**
     * Asks the server, if connected, whether a call's caller was surveyed recently; returns at once. The question is
     * not kept: when the link is down it is dropped, and the call goes without an answer.
     */
    public void checkCaller(CallerCheck check) {
        try {
            loop.execute(() -> {
                if (socket != null && welcomed) {
                    send(check);
                } else {
                    log.debug("Agent {}: offline, the caller of call {} is not checked", agentId, check.callId());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Agent {}: the link is closed, the caller of call {} is not checked", agentId, check.callId());
        }
    }

    /** Tells the server, if connected, that this program version is ready; it sends the program again otherwise. */
    public void programReady(SurveyProgramReady ready) {
        loop.execute(() -> {
            if (socket != null && welcomed) {
                send(ready);
            }
        });
    }

    /**
     * The HTTP address of the server the link uses now ({@code http://host:port} or {@code https://...}), where
     * prompts are fetched from.
     */
    public URI server() {
        URI ws = endpoints.get(Math.floorMod(current, endpoints.size()));
        return URI.create(("wss".equals(ws.getScheme()) ? "https" : "http") + "://" + ws.getRawAuthority());
    }

    public LinkStatus status() {
        return status;
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "agent closing");
                socket.abort();
                socket = null;
            }
            setStatus(LinkStatus.State.CLOSED, "closed");
            done.complete(null);
        });
        done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        loop.shutdown();
    }

    private void connect() {
        if (closed) {
            return;
        }
        URI endpoint = endpoints.get(current);
        setStatus(LinkStatus.State.CONNECTING, endpoint.toString());
        connector
                .open(endpoint, new Listener())
                .whenCompleteAsync(
                        (ws, err) -> {
                            if (err != null) {
                                disconnected(null, "cannot reach " + endpoint + ": " + rootMessage(err));
                                return;
                            }
                            if (closed) {
                                ws.abort();
                                return;
                            }
                            socket = ws;
                            welcomed = false;
                            inFlight.clear();
                            sends = CompletableFuture.completedFuture(null);
                            send(new Hello(agentId, token, "cx-agent"));
                        },
                        loop);
    }

    private void onMessage(WebSocket ws, String frame) {
        if (ws != socket) {
            return;
        }
        Message message;
        try {
            message = WireCodec.decode(frame);
        } catch (ProtocolException e) {
            log.warn("Agent {}: unreadable frame from server ignored: {}", agentId, e.getMessage());
            return;
        }
        if (message instanceof Welcome w) {
            welcomed = true;
            backoff = MIN_BACKOFF;
            setStatus(LinkStatus.State.ONLINE, "connected as " + w.displayName());
            if (scoresListener != null) {
                send(new ScoresSubscribe());
            }
            flush();
        } else if (message instanceof Ack ack) {
            acknowledged(ack.eventIds());
            flush();
        } else if (message instanceof ErrorMessage error) {
            refused(error);
        } else if (message instanceof SurveyProgram program) {
            Consumer<SurveyProgram> listener = programListener;
            if (listener != null) {
                listener.accept(program);
            } else {
                log.info("Agent {}: survey program {} v{} ignored", agentId, program.programId(), program.version());
            }
        } else if (message instanceof CallerCheckAnswer answer) {
            Consumer<CallerCheckAnswer> listener = callerListener;
            if (listener != null) {
                listener.accept(answer);
            }
        } else if (message instanceof AgentScores scores) {
            if (scoresListener != null && scores.agentId().equals(agentId)) {
                scoresListener.accept(scores);
            } else {
                log.warn("Agent {}: scores of another agent ({}) ignored", agentId, scores.agentId());
            }
        } else {
            log.warn(
                    "Agent {}: unexpected {} from server ignored",
                    agentId,
                    message.getClass().getSimpleName());
        }
    }

    private void refused(ErrorMessage error) {
        if (error.eventId() == null) {
            if (ErrorMessage.UNAUTHORIZED.equals(error.code())) {
                log.error("Agent {}: server refused the agent's credentials: {}", agentId, error.message());
                setStatus(LinkStatus.State.REJECTED, error.message());
                backoff = MAX_BACKOFF;
            } else {
                log.warn("Agent {}: server reports {}: {}", agentId, error.code(), error.message());
            }
            return;
        }
        inFlight.remove(error.eventId());
        if (error.permanent()) {
            log.error(
                    "Agent {}: server refused event {} for good ({}): {}",
                    agentId,
                    error.eventId(),
                    error.code(),
                    error.message());
            acknowledged(List.of(error.eventId()));
        } else {
            log.warn("Agent {}: server could not store event {} yet: {}", agentId, error.eventId(), error.message());
            loop.schedule(this::flush, RETRY_UNAVAILABLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void acknowledged(List<String> eventIds) {
        inFlight.removeAll(eventIds);
        try {
            outbox.remove(eventIds);
        } catch (IOException e) {
            // The events stay in the journal and are resent; the server will acknowledge them again.
            log.error("Agent {}: cannot record acknowledgement in the outbox: {}", agentId, e.getMessage(), e);
        }
        refreshStatus();
    }

    private void flush() {
        refreshStatus();
        if (socket == null || !welcomed) {
            return;
        }
        for (AgentEvent event : outbox.pending()) {
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                break;
            }
            if (inFlight.add(event.eventId())) {
                send(event);
            }
        }
    }

    private void send(Message message) {
        WebSocket ws = socket;
        String frame = WireCodec.encode(message);
        sends = sends.thenCompose(v -> ws.sendText(frame, true))
                .whenCompleteAsync(
                        (v, err) -> {
                            if (err != null) {
                                disconnected(ws, "send failed: " + rootMessage(err));
                            }
                        },
                        loop);
    }

    private void disconnected(WebSocket ws, String why) {
        if (ws != null && ws != socket) {
            return;
        }
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        welcomed = false;
        inFlight.clear();
        if (closed) {
            return;
        }
        if (status.state() != LinkStatus.State.REJECTED) {
            setStatus(LinkStatus.State.OFFLINE, why);
        }
        // The next node of a cluster may well answer: it is tried next.
        current = (current + 1) % endpoints.size();
        long delay = backoff.toMillis() / 2 + ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        log.info("Agent {}: {}; reconnecting in {} ms", agentId, why, delay);
        loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void refreshStatus() {
        setStatus(status.state(), status.detail());
    }

    private void setStatus(LinkStatus.State state, String detail) {
        LinkStatus next = new LinkStatus(state, detail, outbox.size());
        if (!next.equals(status)) {
            status = next;
            statusListener.accept(next);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Collects a frame's fragments and hands whole frames to the loop thread. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (partial.length() > WireCodec.MAX_FRAME_CHARS) {
                partial.setLength(0);
                loop.execute(() -> disconnected(ws, "server sent an oversized frame"));
                return null;
            }
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                loop.execute(() -> onMessage(ws, frame));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            loop.execute(() -> disconnected(ws, "server closed the connection (" + code + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            loop.execute(() -> disconnected(ws, "connection lost: " + rootMessage(error)));
        }
    }
}
