package io.cxpulse.server.ingest;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallerCheck;
import io.cxpulse.protocol.CallerCheckAnswer;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.ScoresSubscribe;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.LogText;
import io.cxpulse.server.auth.Tokens;
import io.cxpulse.server.metrics.OwnScores;
import io.cxpulse.server.store.CallerHistory;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.StoreUnavailableException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's WebSocket, as docs/protocol.md specifies: a {@code hello} with the agent's token first, then events,
 * each acknowledged once its transaction committed. Bad frames are refused one by one and the connection stays
 * open; a wrong token closes it, and so does re-keying the agent. Messages are put together from their fragments
 * here, keeping at most {@link #MAX_MESSAGE_BYTES} of one, so that a message of any size is answered with {@code
 * invalid} rather than dropped.
 */
public final class AgentSocket {
    private static final Logger log = LoggerFactory.getLogger(AgentSocket.class);
    /** Close code for a refused hello (RFC 6455 policy violation). */
    public static final short POLICY_VIOLATION = 1008;
    /** Close code after a single frame larger than {@link #MAX_FRAME_BYTES} (RFC 6455 message too big). */
    public static final short MESSAGE_TOO_BIG = 1009;
    /**
     * Largest single WebSocket frame the server reads (the transport holds one frame whole): a larger one ends the
     * connection, as its rest cannot be skipped. Anything up to it, and messages in fragments of any total size, are
     * answered with {@code invalid} and the connection stays open.
     */
    public static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** Events that end further than this ahead of the server's clock are refused. */
    public static final long MAX_AHEAD_MS = 5 * 60_000;
    /** UTF-8 takes at most 3 bytes per UTF-16 character: a longer message is over the limit in characters too. */
    private static final int MAX_MESSAGE_BYTES = 3 * WireCodec.MAX_FRAME_CHARS;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final long HELLO_TIMEOUT_MS = 15_000;
    private static final int PAUSE_AT = 2_000;
    private static final int RESUME_AT = 500;
    private static final int MAX_MESSAGE = 900;
    /** Caller checks one connection may have unanswered: an agent asks once per call. */
    private static final int MAX_CHECKS_IN_FLIGHT = 8;

    private static final long DAY_MS = 86_400_000L;

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final Presence presence;
    private final AgentSockets sockets;
    private final List<String> pendingAcks = new ArrayList<>();
    private Buffer message;
    private long messageBytes;
    private boolean messageIsText;
    private Rows.Agent agent;
    private boolean closed;
    private boolean paused;
    private boolean ackScheduled;
    private int inFlight;
    private int checksInFlight;
    /** The center's time zone, whose "today" and "this week" the agent's own scores use. */
    private final ZoneId zone;

    private boolean scoresWanted;
    private final SurveyPrograms programs;

    private AgentSocket(
            Vertx vertx,
            ServerWebSocket ws,
            Store store,
            Directory directory,
            Clock clock,
            Presence presence,
            AgentSockets sockets,
            ZoneId zone,
            SurveyPrograms programs) {
        this.vertx = vertx;
        this.programs = programs;
        this.zone = zone;
        this.presence = presence;
        this.sockets = sockets;
        this.ws = ws;
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    /** A handler that serves every accepted agent socket. */
    public static Handler<ServerWebSocket> handler(
            Vertx vertx,
            Store store,
            Directory directory,
            Clock clock,
            Presence presence,
            AgentSockets sockets,
            ZoneId zone,
            SurveyPrograms programs) {
        return ws -> new AgentSocket(vertx, ws, store, directory, clock, presence, sockets, zone, programs).start();
    }

    private void start() {
        long timer = vertx.setTimer(HELLO_TIMEOUT_MS, id -> {
            if (agent == null && !closed) {
                refuse(ErrorMessage.UNAUTHORIZED, "no hello within " + HELLO_TIMEOUT_MS + " ms", null, true);
            }
        });
        ws.closeHandler(v -> {
            closed = true;
            vertx.cancelTimer(timer);
            if (agent != null) {
                sockets.remove(agent.id(), this);
                presence.disconnected(agent.id());
                log.info("Agent {} disconnected", agent.id());
            }
        });
        ws.exceptionHandler(this::onException);
        ws.frameHandler(this::onWebSocketFrame);
    }

    /** Puts a message together from its frames, keeping no more of it than could be a valid frame. */
    private void onWebSocketFrame(WebSocketFrame f) {
        if (!f.isText() && !f.isBinary() && !f.isContinuation()) {
            return; // ping, pong and close are answered by Vert.x
        }
        if (!f.isContinuation()) {
            message = Buffer.buffer();
            messageBytes = 0;
            messageIsText = f.isText();
        }
        Buffer data = f.binaryData();
        messageBytes += data.length();
        if (message != null) {
            if (messageBytes > MAX_MESSAGE_BYTES) {
                message = null;
            } else {
                message.appendBuffer(data);
            }
        }
        if (!f.isFinal()) {
            return;
        }
        Buffer whole = message;
        message = null;
        if (!messageIsText) {
            refuse(ErrorMessage.INVALID, "binary frames are not supported", null, agent == null);
        } else if (whole == null) {
            refuse(
                    ErrorMessage.INVALID,
                    "frame of " + messageBytes + " bytes is larger than " + WireCodec.MAX_FRAME_CHARS + " characters",
                    null,
                    agent == null);
        } else {
            onFrame(whole.toString(StandardCharsets.UTF_8));
        }
    }

    private void onException(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException bad
                && bad.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
            // The transport closes the connection after such a frame; say why first if it still can.
            if (!closed) {
                closed = true;
                send(new ErrorMessage(
                                ErrorMessage.INVALID,
                                "a frame is larger than " + MAX_FRAME_BYTES + " bytes; closing the connection",
                                null))
                        .onComplete(v -> ws.close(MESSAGE_TOO_BIG, "frame too large"));
            }
            return;
        }
        log.debug("Agent socket {} failed", agent == null ? "?" : agent.id(), e);
    }

    /** Ends this connection because its agent was given a new token. */
    /** The hash of the token this socket's agent said hello with; null before. */
    String tokenHash() {
        return agent == null ? null : agent.tokenHash();
    }

    void revoke(String reason) {
        if (!closed) {
            log.info("Closing the connection of agent {}: {}", agent.id(), reason);
            refuse(ErrorMessage.UNAUTHORIZED, reason, null, true);
        }
    }

    private void onFrame(String frame) {
        if (closed) {
            return;
        }
        Message message;
        try {
            message = WireCodec.decode(frame);
        } catch (ProtocolException e) {
            refuse(ErrorMessage.INVALID, e.getMessage(), peekEventId(frame), agent == null);
            return;
        }
        if (agent == null) {
            if (message instanceof Hello hello) {
                onHello(hello);
            } else {
                refuse(ErrorMessage.UNAUTHORIZED, "the first frame must be hello", eventIdOf(message), true);
            }
            return;
        }
        if (message instanceof AgentEvent event) {
            onEvent(event);
        } else if (message instanceof CallerCheck check) {
            onCallerCheck(check);
        } else if (message instanceof ScoresSubscribe) {
            scoresWanted = true;
            sendOwnScores();
        } else if (message instanceof SurveyProgramReady ready) {
            log.info("Agent {} runs survey program {} version {}", agent.id(), ready.programId(), ready.version());
            programs.running(agent.id(), ready.programId(), ready.version());
        } else if (message instanceof Hello) {
            refuse(ErrorMessage.INVALID, "already authenticated as " + agent.id(), null, false);
        } else {
            refuse(
                    ErrorMessage.INVALID,
                    "agents may not send " + message.getClass().getSimpleName(),
                    null,
                    false);
        }
    }

    private void onHello(Hello hello) {
        Rows.Agent known = directory.agent(hello.agentId()).orElse(null);
        if (!Tokens.matches(hello.token(), known == null ? null : known.tokenHash())) {
            log.warn(
                    "Refused hello from agent {} ({}): unknown agent or wrong token",
                    hello.agentId(),
                    ws.remoteAddress());
            refuse(ErrorMessage.UNAUTHORIZED, "unknown agent or wrong token for " + hello.agentId(), null, true);
            return;
        }
        agent = known;
        sockets.add(agent.id(), this);
        presence.connected(agent.id());
        log.info("Agent {} connected from {} ({})", agent.id(), ws.remoteAddress(), LogText.escape(hello.software()));
        send(new Welcome(agent.id(), agent.displayName(), clock.millis()));
        offerProgram();
    }

    /** Another survey program version was activated for {@code team}: this agent gets it if it is of that team. */
    void programChanged(String team) {
        if (agent != null
                && !closed
                && directory.agent(agent.id()).map(a -> a.team().equals(team)).orElse(false)) {
            offerProgram();
        }
    }

    /** Sends the survey program the agent's team runs now, if it has one. */
    private void offerProgram() {
        String agentId = agent.id();
        String team = directory.agent(agentId).map(Rows.Agent::team).orElse(agent.team());
        programs.active(team).onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.failed()) {
                log.warn("Could not read the survey program of team {} for agent {}", team, agentId, ar.cause());
            } else {
                ar.result().ifPresent(this::send);
            }
        });
    }

    /** The agent's own scores, read on a worker thread; only this connection's agent, never anyone else's. */
    private void sendOwnScores() {
        String agentId = agent.id();
        store.read(c -> OwnScores.read(c, agentId, clock.millis(), zone)).onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.succeeded()) {
                send(ar.result());
            } else {
                log.warn("Could not read the own scores of agent {}", agentId, ar.cause());
            }
        });
    }

    /**
     * The connection's agent as the directory knows it now, when a message naming {@code agentId} ({@code what}, with
     * {@code eventId} if it is an event) may be taken from it; null when it may not: the message is refused when it
     * names another agent, and the connection is closed when the agent's token has changed since it said hello.
     */
    private Rows.Agent actingAs(String agentId, String what, String eventId) {
        if (!agentId.equals(agent.id())) {
            refuse(
                    ErrorMessage.UNAUTHORIZED,
                    what + " is for agent " + agentId + ", but this connection is agent " + agent.id(),
                    eventId,
                    false);
            return null;
        }
        Rows.Agent current = directory.agent(agent.id()).orElse(null);
        if (current == null || !Objects.equals(current.tokenHash(), agent.tokenHash())) {
            revoke("agent " + agent.id() + " was given a new token");
            return null;
        }
        return current;
    }

    private void onEvent(AgentEvent event) {
        Rows.Agent current = actingAs(event.agentId(), "event " + event.eventId(), event.eventId());
        if (current == null) {
            return;
        }
        long now = clock.millis();
        if (event.endMs() > now + MAX_AHEAD_MS) {
            refuse(
                    ErrorMessage.INVALID,
                    "event " + event.eventId() + " ends at " + event.endMs() + ", more than " + MAX_AHEAD_MS / 60_000
                            + " minutes after the server's clock (" + now + ")",
                    event.eventId(),
                    false);
            return;
        }
        // The agent's team as the directory knows it now; the row keeps it, so moves between teams keep history.
        String team = current.team();
        inFlight++;
        if (inFlight >= PAUSE_AT && !paused) {
            paused = true;
            ws.pause();
        }
        long handedOver = sockets.writing();
        store.write(event, team).onComplete(ar -> {
            sockets.written(handedOver, ar.succeeded());
            inFlight--;
            if (paused && inFlight <= RESUME_AT) {
                paused = false;
                ws.resume();
            }
            if (ar.succeeded()) {
                queueAck(event.eventId());
                if (scoresWanted && event instanceof SurveyResult) {
                    sendOwnScores();
                }
            } else {
                Throwable cause = ar.cause();
                log.warn("Could not store event {} of agent {}", event.eventId(), agent.id(), cause);
                String why = cause instanceof StoreUnavailableException ? cause.getMessage() : "store failure";
                refuse(ErrorMessage.UNAVAILABLE, why, event.eventId(), false);
            }
        });
    }

    /**
     * Answers whether the caller of the agent's call was surveyed within the days asked, by any agent (the store is
     * shared by every node of a cluster), from the store on a worker thread. An agent asks only for itself. When the
     * store cannot answer nothing is sent: the agent then surveys the caller, as when no answer comes in time.
     */
    private void onCallerCheck(CallerCheck check) {
        if (actingAs(check.agentId(), "caller check of call " + check.callId(), null) == null) {
            return;
        }
        if (checksInFlight >= MAX_CHECKS_IN_FLIGHT) {
            refuse(
                    ErrorMessage.INVALID,
                    "more than " + MAX_CHECKS_IN_FLIGHT + " caller checks unanswered; call " + check.callId()
                            + " is not checked",
                    null,
                    false);
            return;
        }
        checksInFlight++;
        String agentId = agent.id();
        long since = clock.millis() - check.withinDays() * DAY_MS;
        store.read(c -> CallerHistory.surveyedSince(c, check.callerHash(), since))
                .onComplete(ar -> {
                    checksInFlight--;
                    if (closed) {
                        return;
                    }
                    if (ar.succeeded()) {
                        send(new CallerCheckAnswer(check.callId(), ar.result()));
                    } else {
                        log.warn(
                                "Could not check the caller of call {} of agent {}",
                                check.callId(),
                                agentId,
                                ar.cause());
                    }
                });
    }

    /** Acks of one group commit usually complete together: send them as one frame. */
    private void queueAck(String eventId) {
        pendingAcks.add(eventId);
        if (!ackScheduled) {
            ackScheduled = true;
            vertx.runOnContext(v -> {
                ackScheduled = false;
                if (!pendingAcks.isEmpty()) {
                    List<String> ids = List.copyOf(pendingAcks);
                    pendingAcks.clear();
                    send(new Ack(ids));
                }
            });
        }
    }

    private void refuse(String code, String message, String eventId, boolean close) {
        if (closed) {
            return;
        }
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        if (agent != null) {
            log.info("Refused a frame of agent {} ({}): {}", agent.id(), code, LogText.escape(text));
        }
        var written = send(new ErrorMessage(code, text, eventId));
        if (close) {
            closed = true;
            written.onComplete(v -> ws.close(POLICY_VIOLATION, code));
        }
    }

    private Future<Void> send(Message m) {
        if (ws.isClosed()) {
            return Future.succeededFuture();
        }
        return ws.writeTextMessage(WireCodec.encode(m));
    }

    private static String eventIdOf(Message m) {
        return m instanceof AgentEvent e ? e.eventId() : null;
    }

    /** The event id of a frame that failed validation, when it can still be read. */
    static String peekEventId(String frame) {
        if (frame == null || frame.length() > WireCodec.MAX_FRAME_CHARS) {
            return null;
        }
        try {
            Object id = new JsonObject(frame).getValue("eventId");
            return id instanceof String s && ID.matcher(s).matches() ? s : null;
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
