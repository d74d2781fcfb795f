package io.cxpulse.server.export;

import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cxpulse.protocol.Ack;
import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Message;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.BulkImport;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The survey export on SQLite and PostgreSQL: the whole CSV (byte-order mark, RFC 4180, gzip), streamed with
 * back-pressure (a client that stops reading stops the export thread, one that leaves ends it), and agents'
 * acknowledgements within 250 ms (p99) while exports run, with no event loop ever blocked.
 */
class ExportIT {
    private static final int ROWS = 40_000;
    private static final long FROM = 1_750_000_000_000L;
    /** Vert.x's BlockedThreadChecker logs under this name (io.vertx.core.impl.BlockedThreadChecker). */
    private static final String BLOCKED_THREAD_CHECKER = "io.vertx.core";

    @TempDir
    Path dir;

    private StoreTarget target;
    private Vertx vertx;
    private CxServer server;
    private ListAppender<ILoggingEvent> blocked;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        if (vertx != null) {
            await(vertx.close());
        }
        if (blocked != null) {
            ((Logger) LoggerFactory.getLogger(BLOCKED_THREAD_CHECKER)).detachAppender(blocked);
        }
        if (target != null) {
            target.close();
        }
    }

    /** A store with {@link #ROWS} surveys of two agents (one with a name that needs quoting and UTF-8). */
    private String start(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        CxServer first = await(CxServer.start(target.config()));
        await(first.provisionAgent("agent-1", "Zhang \"Wei\", 张伟", "north"));
        await(first.provisionAgent("agent-2", "=Mallory", "south"));
        await(first.provisionUser("boss", "boss-password", Role.ADMIN, null));
        await(first.close());
        try (BulkImport bulk = BulkImport.open(target.url(), null, null, null, Clock.systemUTC())) {
            List<AgentEvent> batch = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                batch.add(survey(
                        String.format("x-%06d", i),
                        i % 2 == 0 ? "agent-1" : "agent-2",
                        FROM + i * 1_000L,
                        i % 11,
                        1 + i % 5,
                        i % 2));
                if (batch.size() == 10_000) {
                    bulk.write(batch);
                    batch.clear();
                }
            }
            bulk.write(batch);
            bulk.commit();
        }
        blocked = new ListAppender<>();
        blocked.start();
        ((Logger) LoggerFactory.getLogger(BLOCKED_THREAD_CHECKER)).addAppender(blocked);
        vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(500)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(100));
        server = await(CxServer.start(vertx, target.config()));
        return ApiClient.login(server, "boss", "boss-password").cookie();
    }

    private HttpClient client() {
        return vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    private static RequestOptions get(String uri, String cookie) {
        return new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).putHeader("Cookie", cookie);
    }

    /** The whole body, and when its first byte came (ms after the request). */
    private record Download(int status, HttpHeaders headers, byte[] body, long firstByteMs) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** Downloads with the JDK's client on the calling thread, every byte as it comes, nothing decoded. */
    private Download download(RequestOptions request) {
        try {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + request.getURI()));
            request.getHeaders().forEach(h -> b.header(h.getKey(), h.getValue()));
            long started = System.nanoTime();
            HttpResponse<InputStream> r = jdk.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long first = -1;
            try (InputStream in = r.body()) {
                byte[] buf = new byte[65_536];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (first < 0 && n > 0) {
                        first = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    }
                    body.write(buf, 0, n);
                }
            }
            return new Download(r.statusCode(), r.headers(), body.toByteArray(), first);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private final java.net.http.HttpClient jdk = java.net.http.HttpClient.newHttpClient();

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theWholeExportIsRfc4180WithAByteOrderMarkAndGzipOnRequest(String kind) throws Exception {
        String cookie = start(kind);
        HttpClient http = client();
        Download plain = download(get("/api/export/surveys.csv?from=0", cookie));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
        assertThat(plain.firstByteMs()).isLessThan(1_000);
        byte[] body = plain.body();
        assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).startsWith(SurveysCsv.HEADER);
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines).hasSize(ROWS + 2);
        assertThat(lines[ROWS + 1]).isEmpty();
        assertThat(lines[1])
                .startsWith("x-000000,agent-1,\"Zhang \"\"Wei\"\", 张伟\",north,call-x-000000,en,")
                .contains(",completed,0,1,0,3,\"[{\"\"questionId\"\":\"\"csat\"\"");
        assertThat(lines[2]).startsWith("x-000001,agent-2,'=Mallory,south,");
        assertThat(lines[ROWS]).startsWith(String.format("x-%06d,", ROWS - 1));

        Download gzip =
                download(get("/api/export/surveys.csv?from=0", cookie).putHeader("Accept-Encoding", "gzip, deflate"));
        assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzip.body().length).isLessThan(body.length / 3);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }

        // from/to select by end time: [from, to).
        Download window =
                download(get("/api/export/surveys.csv?from=" + (FROM + 10_000) + "&to=" + (FROM + 20_000), cookie));
        String[] rows = new String(window.body(), StandardCharsets.UTF_8).split("\r\n");
        assertThat(rows).hasSize(11);
        assertThat(rows[1]).startsWith("x-000010,");
        assertThat(download(get("/api/export/surveys.csv?from=5&to=5", cookie)).status())
                .isEqualTo(400);
        assertThat(blockedThreadWarnings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aClientThatStopsReadingStopsTheExportAndOneThatLeavesEndsIt(String kind) throws Exception {
        String cookie = start(kind);
        HttpClient http = client();
        AtomicLong received = new AtomicLong();
        CompletableFuture<HttpClientResponse> headers = new CompletableFuture<>();
        http.request(get("/api/export/surveys.csv?from=0", cookie))
                .compose(r -> r.send())
                .onSuccess(resp -> {
                    resp.handler(b -> {
                        received.addAndGet(b.length());
                        resp.pause();
                    });
                    headers.complete(resp);
                });
        headers.get(20, TimeUnit.SECONDS);
        // The client reads nothing more: the export thread must come to wait in the pipe, not run on into memory.
        assertThat(waitFor(() -> exportThreadIn("ChunkPipe.put"), 20_000)).isTrue();
        Thread.sleep(500);
        assertThat(exportThreadIn("ChunkPipe.put")).isTrue();
        // Hang up: the export thread stops at its next chunk, and its cursor is closed.
        await(http.close());
        assertThat(waitFor(() -> !exportThreadIn("SurveysCsv"), 20_000)).isTrue();
        assertThat(received.get()).isLessThan(ROWS * 200L);
        assertThat(blockedThreadWarnings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void agentsAreAcknowledgedWithin250MsWhileExportsRun(String kind) throws Exception {
        String cookie = start(kind);
        String token = await(server.provisionAgent("agent-live", "Live Agent", "north"));
        HttpClient http = client();
        // Two full exports at once, one read as fast as possible, one by a slow client, while an agent works.
        // Up to the stored history only: the agent's own surveys may or may not be in an export's snapshot.
        String history = "/api/export/surveys.csv?from=0&to=" + (FROM + ROWS * 1_000L);
        CompletableFuture<Download> fast = CompletableFuture.supplyAsync(() -> download(get(history, cookie)));
        CompletableFuture<Void> slow = new CompletableFuture<>();
        http.request(get(history, cookie)).compose(r -> r.send()).onSuccess(resp -> {
            resp.handler(b -> {
                resp.pause();
                vertx.setTimer(20, id -> resp.resume());
            });
            resp.endHandler(v -> slow.complete(null));
        });
        List<Long> latencies = new ArrayList<>();
        boolean exportRunningHalfway = false;
        long now = System.currentTimeMillis();
        try (TestAgent agent = TestAgent.hello(vertx, server.port(), "agent-live", token)) {
            for (int i = 0; i < 200; i++) {
                long sent = System.nanoTime();
                agent.send(survey("live-" + i, "agent-live", now + i, 9, 5, 1));
                Message m = agent.next();
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(m).isInstanceOf(Ack.class);
                if (i == 100) {
                    exportRunningHalfway = exportThreadIn("SurveysCsv");
                }
                Thread.sleep(10);
            }
        }
        assertThat(exportRunningHalfway)
                .as("an export was running halfway through")
                .isTrue();
        latencies.sort(null);
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        assertThat(p99).as("ack latency p99 in ms, all: %s", latencies).isLessThan(250);
        Download done = fast.get(120, TimeUnit.SECONDS);
        assertThat(new String(done.body(), StandardCharsets.UTF_8).split("\r\n"))
                .hasSize(ROWS + 1);
        await(http.close());
        assertThat(blockedThreadWarnings()).as("BlockedThreadChecker warnings").isEmpty();
    }

    private List<String> blockedThreadWarnings() {
        return blocked.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("has been blocked"))
                .toList();
    }

    private static boolean exportThreadIn(String frame) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("cx-export"))
                .anyMatch(e -> Arrays.stream(e.getValue())
                        .anyMatch(f -> (f.getClassName() + "." + f.getMethodName()).contains(frame)));
    }

    private static boolean waitFor(BooleanSupplier condition, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
