package io.cxpulse.server.live;

import static io.cxpulse.server.TestSupport.await;

import io.cxpulse.server.CxServer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Subscribes to {@code /api/live} like a browser's EventSource and queues the events it gets. */
public final class SseClient implements AutoCloseable {
    /** One server-sent event. */
    public record Event(String name, JsonObject data) {}

    private final HttpClient http;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder pending = new StringBuilder();
    private final int status;

    public SseClient(CxServer server, String cookie) {
        http = server.vertx().createHttpClient();
        // The handler is set in the response callback itself, on the event loop, so that no early chunk is missed.
        status = await(http.request(new RequestOptions()
                        .setMethod(HttpMethod.GET)
                        .setHost("127.0.0.1")
                        .setPort(server.port())
                        .setURI("/api/live")
                        .putHeader("Cookie", cookie == null ? "" : cookie)
                        .putHeader("Accept", "text/event-stream"))
                .compose(req -> req.send())
                .map(response -> {
                    response.handler(buf -> feed(buf.toString()));
                    return response.statusCode();
                }));
    }

    public int status() {
        return status;
    }

    private synchronized void feed(String chunk) {
        pending.append(chunk);
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (data.length() > 0) {
                events.add(new Event(name, new JsonObject(data.toString())));
            }
        }
    }

    /**
     * The next event named {@code name} (for "metrics", a snapshot too) that satisfies {@code test}, skipping others;
     * fails after 20 s.
     */
    public Event next(String name, Predicate<JsonObject> test) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            long left = deadline - System.nanoTime();
            Event e;
            try {
                e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
            if (e == null) {
                throw new AssertionError("no '" + name + "' event matched within 20 s");
            }
            // A subscriber that fell behind is sent a fresh snapshot instead of the changes it missed, so a snapshot
            // answers a wait for metrics too.
            boolean named =
                    e.name().equals(name) || (name.equals("metrics") && e.name().equals("snapshot"));
            if (named && test.test(e.data())) {
                return e;
            }
            onSkipped(e);
        }
    }

    /** Every event passed over by {@link #next}, for tests that check what must never arrive. */
    public final List<Event> skipped = new CopyOnWriteArrayList<>();

    private void onSkipped(Event e) {
        skipped.add(e);
    }

    @Override
    public void close() {
        http.close();
    }
}
