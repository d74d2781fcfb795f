package io.cxpulse.server.cluster;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A dashboard's live stream ({@code GET /api/live}) read as a browser's EventSource reads it. */
final class EventStream implements AutoCloseable {
    record Event(String name, JsonObject data, long atNanos) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Events not taken yet, in the order they came. */
    private final List<Event> backlog = new ArrayList<>();

    private final InputStream body;
    private final Thread reader;
    private volatile boolean ended;

    EventStream(Web web) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(web.base + "/api/live"))
                        .header("Cookie", web.cookie)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new AssertionError("live stream at " + web.base + " answered " + r.statusCode());
        }
        body = r.body();
        reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        add(new Event(name, new JsonObject(data.toString()), System.nanoTime()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // The stream was closed.
        } finally {
            ended = true;
        }
    }

    private synchronized void add(Event e) {
        backlog.add(e);
        notifyAll();
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return ended;
    }

    /** The oldest event not taken yet, or null when none came within {@code timeout}. */
    synchronized Event poll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (backlog.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return backlog.remove(0);
    }

    /**
     * Takes the oldest event named {@code name} (for {@code metrics}, a snapshot too) that satisfies {@code test},
     * leaving the others for later; fails after {@code timeout}.
     */
    synchronized Event next(String name, Predicate<JsonObject> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<Event> it = backlog.iterator(); it.hasNext(); ) {
                Event e = it.next();
                boolean named = e.name().equals(name)
                        || (name.equals("metrics") && e.name().equals("snapshot"));
                if (named && test.test(e.data())) {
                    it.remove();
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no '" + name + "' event matched within " + timeout.toMillis() + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
