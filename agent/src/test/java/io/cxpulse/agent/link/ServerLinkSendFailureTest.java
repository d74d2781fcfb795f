package io.cxpulse.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket that fails in the middle of sending an event (the network drops under the agent): the JDK's socket is
 * the boundary, so it is a Mockito mock that fails one send. The event stays in the outbox, the link reconnects, sends
 * it again, and forgets it only once the server acknowledges it.
 */
class ServerLinkSendFailureTest {

    /** The sockets the link opens, in order, with the listener each was opened with. */
    private record Opened(WebSocket socket, WebSocket.Listener listener) {}

    @Test
    void anEventWhoseSendFailsStaysInTheOutboxAndIsSentAgainAfterReconnecting(@TempDir Path dir) throws Exception {
        List<String> sentOnFirst = new CopyOnWriteArrayList<>();
        List<String> sentOnSecond = new CopyOnWriteArrayList<>();
        WebSocket first = socket(frame -> {
            sentOnFirst.add(frame);
            return WireCodec.decode(frame) instanceof Hello
                    ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new IOException("Broken pipe"));
        });
        WebSocket second = socket(frame -> {
            sentOnSecond.add(frame);
            return CompletableFuture.completedFuture(null);
        });
        BlockingQueue<Opened> opened = new LinkedBlockingQueue<>();
        List<WebSocket> sockets = List.of(first, second);
        AtomicInteger opens = new AtomicInteger();
        ServerLink.Connector connector = (endpoint, listener) -> {
            WebSocket ws = sockets.get(Math.min(opens.getAndIncrement(), 1));
            opened.add(new Opened(ws, listener));
            return CompletableFuture.completedFuture(ws);
        };

        CallRecord call = new CallRecord("c1:call", "agent-07", "c1", 1_000, 61_000, 60_000, 0, 0, 0, 0, true);
        try (Outbox outbox = Outbox.open(dir.resolve("outbox"))) {
            outbox.add(call);
            try (ServerLink link =
                    new ServerLink(URI.create("http://127.0.0.1:8080"), "agent-07", "t", outbox, s -> {}, connector)) {
                link.start();
                Opened one = opened.poll(5, TimeUnit.SECONDS);
                Await.until("hello on the first socket", Duration.ofSeconds(5), () -> sentOnFirst.size() == 1);
                welcome(one);
                Await.until(
                        "the send on the first socket failed", Duration.ofSeconds(5), () -> sentOnFirst.size() == 2);
                verify(first, timeout(5_000)).abort();
                assertThat(outbox.pending()).containsExactly(call);

                Opened two = opened.poll(10, TimeUnit.SECONDS);
                assertThat(two).as("the link reconnects").isNotNull();
                Await.until("hello on the second socket", Duration.ofSeconds(5), () -> sentOnSecond.size() == 1);
                welcome(two);
                Await.until(
                        "the event sent again",
                        Duration.ofSeconds(5),
                        () -> sentOnSecond.stream().anyMatch(f -> f.contains("c1:call")));
                assertThat(outbox.pending()).as("kept until acknowledged").containsExactly(call);

                two.listener().onText(two.socket(), WireCodec.encode(new Ack(List.of("c1:call"))), true);
                Await.until(
                        "the acknowledged event leaves the outbox", Duration.ofSeconds(5), () -> outbox.size() == 0);
            }
        }
    }

    private static void welcome(Opened opened) {
        opened.listener().onOpen(opened.socket());
        opened.listener().onText(opened.socket(), WireCodec.encode(new Welcome("agent-07", "Agent Seven", 0)), true);
    }

    private interface Sends {
        CompletableFuture<WebSocket> send(String frame) throws ProtocolException;
    }

    private static WebSocket socket(Sends sends) {
        WebSocket ws = mock(WebSocket.class);
        when(ws.sendText(anyString(), anyBoolean()))
                .thenAnswer(call -> sends.send(call.<CharSequence>getArgument(0).toString()));
        when(ws.sendClose(anyInt(), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        return ws;
    }
}
