package io.cxpulse.agent.sim;

import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.ErrorMessage;
import io.cxpulse.protocol.Hello;
import io.cxpulse.protocol.Message;
import io.cxpulse.protocol.ProtocolException;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.SurveyStatus;
import io.cxpulse.protocol.Welcome;
import io.cxpulse.protocol.WireCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The server's load generator: many agents, each on its own WebSocket, streaming call records and survey results as
 * fast as the server acknowledges them, with up to {@code window} events in flight per agent. Measures committed
 * events per second and the time from sending an event to its acknowledgement (which the server gives only after
 * the commit). Events carry fresh ids, so every run stores new rows.
 */
public final class LoadGenerator {

    /** What one run measured. */
    public record Report(int agents, long events, long refused, long elapsedMs, long[] latencyMicros) {
        public double eventsPerSecond() {
            return elapsedMs == 0 ? 0 : events * 1000.0 / elapsedMs;
        }

        public long percentileMicros(double p) {
            if (latencyMicros.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100 * latencyMicros.length) - 1;
            return latencyMicros[Math.max(0, Math.min(latencyMicros.length - 1, i))];
        }

        public String summary() {
            return String.format(
                    "%d agents, %d events in %.1f s: %.0f events/s committed; ack latency p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms; %d refused",
                    agents,
                    events,
                    elapsedMs / 1000.0,
                    eventsPerSecond(),
                    percentileMicros(50) / 1000.0,
                    percentileMicros(99) / 1000.0,
                    percentileMicros(100) / 1000.0,
                    refused);
        }
    }

    private LoadGenerator() {}

    /** Runs the load and waits for every event's acknowledgement (or {@code timeout}). */
    public static Report run(
            URI server, List<AgentCredentials> agents, int eventsPerAgent, int window, Duration timeout)
            throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String run = Long.toString(System.nanoTime(), 36);
        List<Session> sessions = new ArrayList<>();
        long start = System.nanoTime();
        for (AgentCredentials agent : agents) {
            Session s = new Session(agent, run, eventsPerAgent, window);
            sessions.add(s);
            http.newWebSocketBuilder()
                    .buildAsync(ServerLink.agentEndpoint(server), s)
                    .whenComplete((ws, err) -> {
                        if (err != null) {
                            s.done.completeExceptionally(err);
                        }
                    });
        }
        CompletableFuture.allOf(sessions.stream().map(s -> s.done).toArray(CompletableFuture[]::new))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long[] all = sessions.stream()
                .flatMapToLong(s -> Arrays.stream(s.latencies, 0, s.latencyCount))
                .sorted()
                .toArray();
        long acked = sessions.stream().mapToLong(s -> s.acked).sum();
        long refused = sessions.stream().mapToLong(s -> s.refused).sum();
        for (Session s : sessions) {
            s.close();
        }
        return new Report(agents.size(), acked, refused, elapsedMs, all);
    }

    /** One agent's connection; callbacks are serialised by the WebSocket, state is guarded by the session. */
    private static final class Session implements WebSocket.Listener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AgentCredentials agent;
        private final String run;
        private final int total;
        private final int window;
        private final SplittableRandom random;
        private final Map<String, Long> sentAt = new HashMap<>();
        private final StringBuilder partial = new StringBuilder();
        final long[] latencies;
        int latencyCount;
        long acked;
        long refused;
        private int sent;
        private WebSocket ws;
        private CompletableFuture<WebSocket> sends;

        Session(AgentCredentials agent, String run, int total, int window) {
            this.agent = agent;
            this.run = run;
            this.total = total;
            this.window = window;
            this.random = new SplittableRandom(agent.agentId().hashCode());
            this.latencies = new long[total];
        }

        @Override
        public synchronized void onOpen(WebSocket webSocket) {
            ws = webSocket;
            sends = CompletableFuture.completedFuture(webSocket);
            send(new Hello(agent.agentId(), agent.token(), "cx-agent load"));
            webSocket.request(1);
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    handle(WireCodec.decode(frame));
                } catch (ProtocolException e) {
                    done.completeExceptionally(e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            done.completeExceptionally(new IllegalStateException(
                    "server closed " + agent.agentId() + "'s connection: " + statusCode + " " + reason));
            return null;
        }

        private void handle(Message m) {
            long now = System.nanoTime();
            if (m instanceof Welcome) {
                fill();
            } else if (m instanceof Ack ack) {
                for (String id : ack.eventIds()) {
                    Long t = sentAt.remove(id);
                    if (t != null) {
                        latencies[latencyCount++] = (now - t) / 1000;
                        acked++;
                    }
                }
                fill();
            } else if (m instanceof ErrorMessage e) {
                if (e.eventId() == null) {
                    done.completeExceptionally(new IllegalStateException(agent.agentId() + ": " + e.message()));
                    return;
                }
                if (sentAt.remove(e.eventId()) != null) {
                    refused++;
                }
                fill();
            }
            if (acked + refused == total) {
                done.complete(null);
            }
        }

        private void fill() {
            while (sent < total && sentAt.size() < window) {
                AgentEvent e = event(sent++);
                sentAt.put(e.eventId(), System.nanoTime());
                send(e);
            }
        }

        private AgentEvent event(int n) {
            String callId = run + "-" + agent.agentId() + "-" + (n / 2);
            long start = System.currentTimeMillis() - 120_000;
            if (n % 2 == 0) {
                return new CallRecord(
                        callId + ":call",
                        agent.agentId(),
                        callId,
                        start,
                        start + 90_000,
                        85_000,
                        3_000,
                        1,
                        3_000,
                        5_000,
                        true);
            }
            return new SurveyResult(
                    callId + ":survey",
                    agent.agentId(),
                    callId,
                    "en",
                    start + 90_000,
                    start + 100_000,
                    SurveyStatus.COMPLETED,
                    List.of(
                            Answer.answered("csat", QuestionKind.CSAT, 1 + random.nextInt(5), 900),
                            Answer.answered("nps", QuestionKind.NPS, random.nextInt(11), 1100),
                            Answer.answered("resolved", QuestionKind.YESNO, random.nextInt(2), 700)));
        }

        private void send(Message m) {
            String frame = WireCodec.encode(m);
            sends = sends.thenCompose(w -> w.sendText(frame, true));
            sends.whenComplete((w, err) -> {
                if (err != null) {
                    done.completeExceptionally(err);
                }
            });
        }

        synchronized void close() {
            if (ws != null) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "load done").exceptionally(e -> null);
                ws.abort();
            }
        }
    }
}
