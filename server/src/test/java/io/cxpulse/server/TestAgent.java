package io.cxpulse.server;

import static io.cxpulse.server.TestSupport.await;

import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare agent connection for tests: sends raw frames and hands back what the server answers, in order. */
public final class TestAgent implements AutoCloseable {
    private final WebSocketClient client;
    private final WebSocket ws;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile Short closeStatus;

    private TestAgent(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
    }

    /** Handlers are set in the connect callback, on the event loop, so that no early frame is missed. */
    private void listen(WebSocket socket) {
        socket.textMessageHandler(received::add);
        socket.closeHandler(v -> {
            closeStatus = socket.closeStatusCode();
            closed = true;
        });
    }

    public static TestAgent connect(Vertx vertx, int port) {
        WebSocketClient client = vertx.createWebSocketClient(
                new WebSocketClientOptions().setMaxFrameSize(32 * 1024 * 1024).setMaxMessageSize(32 * 1024 * 1024));
        TestAgent[] agent = new TestAgent[1];
        await(client.connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI("/ws/agent"))
                .map(ws -> {
                    agent[0] = new TestAgent(client, ws);
                    agent[0].listen(ws);
                    return ws;
                }));
        return agent[0];
    }

    /** Connects as the agent, sends {@code event} and fails unless the server acknowledges it. */
    public static void sendAcked(CxServer server, String agentId, String token, Message event) {
        try (TestAgent agent = hello(server.vertx(), server.port(), agentId, token)) {
            agent.send(event);
            Message answer = agent.next();
            if (!(answer instanceof Ack)) {
                throw new AssertionError("expected an ack of " + event + ", got " + answer);
            }
        }
    }

    /** Connects and says hello; fails unless welcomed. */
    public static TestAgent hello(Vertx vertx, int port, String agentId, String token) {
        TestAgent a = connect(vertx, port);
        a.send(new Hello(agentId, token, "test"));
        Message m = a.next();
        if (!(m instanceof Welcome)) {
            throw new AssertionError("expected welcome, got " + m);
        }
        return a;
    }

    public void send(Message m) {
        sendRaw(WireCodec.encode(m));
    }

    public void sendRaw(String frame) {
        await(ws.writeTextMessage(frame));
    }

    /** Writes one WebSocket frame as it is: a fragment, or a whole message in one frame of any size. */
    public void sendFrame(WebSocketFrame frame) {
        await(ws.writeFrame(frame));
    }

    /** The next message from the server. */
    public Message next() {
        return next(Duration.ofSeconds(20));
    }

    /** The next message from the server, waiting up to {@code within}. */
    public Message next(Duration within) {
        try {
            String frame = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no message from the server within " + within.toSeconds() + " s");
            }
            return WireCodec.decode(frame);
        } catch (Exception e) {
            throw new AssertionError("reading a server message failed: " + e, e);
        }
    }

    /** Waits until the server closes the socket; returns its close status. */
    public Short awaitClosed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!closed) {
            throw new AssertionError("the server did not close the socket");
        }
        return closeStatus;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            ws.close();
        }
        client.close();
    }
}
