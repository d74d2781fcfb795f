package io.cxpulse.server.export;

import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/export/surveys.csv?from=MS&to=MS}: the surveys a user may see as RFC 4180 CSV in UTF-8 with a
 * byte-order mark (so that Excel reads Chinese names right), gzip-compressed when the client accepts it.
 *
 * <p>The rows stream from a database cursor on an export worker thread, which turns them into CSV (and gzip) and
 * hands 64 KiB chunks to the event loop through a {@link ChunkPipe} of a few chunks: when the client reads slowly the
 * worker waits, so memory holds a few chunks per export whatever its size, and the event loop only writes buffers.
 */
public final class SurveysCsv implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(SurveysCsv.class);

    /** The header row, as docs/api.md documents it. */
    public static final String HEADER =
            "event_id,agent_id,display_name,team,call_id,language,start,end,status,nps,csat,"
                    + "resolved,answered,answers_json,survey_id,version\r\n";

    private static final byte[] BOM_AND_HEADER = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_8);
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int EXPORT_THREADS = 4;

    private final Store store;
    private final Directory directory;
    private final Clock clock;
    private final ZoneId zone;
    private final WorkerExecutor exports;

    public SurveysCsv(Vertx vertx, Store store, Directory directory, Clock clock, ZoneId zone) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
        this.zone = zone;
        // An export may run for minutes behind a slow client: that is waiting, not a blocked thread.
        this.exports = vertx.createSharedWorkerExecutor("cx-export", EXPORT_THREADS, 24, TimeUnit.HOURS);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Principal p = Requests.principal(ctx);
        long from = Requests.longParam(ctx, "from", MetricsBook.startOfDay(clock.millis(), zone));
        long to = Requests.longParam(ctx, "to", Long.MAX_VALUE);
        if (to <= from) {
            throw ApiException.badRequest("to must be after from");
        }
        boolean gzip = acceptsGzip(ctx.request().getHeader("Accept-Encoding"));
        Set<String> teams = p.teams();
        String surveyId = ctx.request().getParam("surveyId");
        Integer version = ctx.request().getParam("version") == null
                ? null
                : Requests.intParam(ctx, "version", 1, 1, Integer.MAX_VALUE);
        ChunkPipe pipe = new ChunkPipe(ctx.vertx().getOrCreateContext(), ctx.response(), () -> {
            ctx.response()
                    .setChunked(true)
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"surveys.csv\"")
                    .putHeader("Vary", "Accept-Encoding");
            if (gzip) {
                ctx.response().putHeader("Content-Encoding", "gzip");
            }
        });
        exports.executeBlocking(
                        () -> {
                            long rows = write(pipe, gzip, from, to, teams, surveyId, version);
                            log.debug("Exported {} surveys for {}", rows, p.username());
                            return rows;
                        },
                        false)
                .onSuccess(rows -> pipe.finish())
                .onFailure(e -> {
                    if (e instanceof ChunkPipe.ClosedException) {
                        log.info("Survey export for {} stopped: the client went away", p.username());
                    } else if (!pipe.started()) {
                        pipe.discard();
                        ctx.fail(e);
                    } else {
                        log.warn("Survey export for {} failed after it started; connection reset", p.username(), e);
                        pipe.abort();
                    }
                });
    }

    /** Runs on an export thread: cursor to CSV to (gzip to) chunks. Returns the number of rows. */
    private long write(
            ChunkPipe pipe, boolean gzip, long from, long to, Set<String> teams, String surveyId, Integer version)
            throws Exception {
        ChunkStream chunks = new ChunkStream(pipe);
        try (OutputStream body = gzip ? new FastGzip(chunks) : chunks) {
            CsvBytes csv = new CsvBytes(body, CHUNK_BYTES);
            csv.raw(BOM_AND_HEADER);
            csv.flush();
            body.flush();
            // The header leaves at once, so that the client sees the download start within the second.
            chunks.sendNow();
            long rows = store.readStreaming(c -> {
                try {
                    return rows(c, csv, from, to, teams, surveyId, version);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            csv.flush();
            return rows;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The surveys that ended in {@code [from, to)} of {@code teams} (null: all), of {@code surveyId} and its
     * {@code version} when given, as CSV rows, oldest first.
     */
    private long rows(
            Connection c, CsvBytes csv, long from, long to, Set<String> teams, String surveyId, Integer version)
            throws SQLException, IOException {
        StringBuilder sql = new StringBuilder("SELECT event_id, agent_id, team_id, call_id, language, start_ms, end_ms,"
                + " status, nps, csat, resolved, answered, answers_json, survey_id, survey_version FROM surveys"
                + " WHERE end_ms >= ? AND end_ms < ?");
        if (teams != null) {
            sql.append(
                    teams.isEmpty()
                            ? " AND 1 = 0"
                            : " AND team_id IN (" + String.join(", ", Collections.nCopies(teams.size(), "?")) + ")");
        }
        if (surveyId != null) {
            sql.append(" AND survey_id = ?");
        }
        if (version != null) {
            sql.append(" AND survey_version = ?");
        }
        sql.append(" ORDER BY end_ms, event_id");
        // Each agent's two cells (id and display name) are formatted once per export.
        Map<String, byte[]> agentCells = new HashMap<>();
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            store.streaming(ps);
            ps.setLong(1, from);
            ps.setLong(2, to);
            int i = 3;
            if (teams != null) {
                for (String t : teams) {
                    ps.setString(i++, t);
                }
            }
            if (surveyId != null) {
                ps.setString(i++, surveyId);
            }
            if (version != null) {
                ps.setInt(i, version);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    csv.text(rs.getBytes(1));
                    String agentId = rs.getString(2);
                    csv.preformatted(agentCells.computeIfAbsent(agentId, this::agentCells));
                    csv.text(rs.getBytes(3));
                    csv.text(rs.getBytes(4));
                    csv.text(rs.getBytes(5));
                    csv.instant(rs.getLong(6));
                    csv.instant(rs.getLong(7));
                    csv.text(rs.getBytes(8));
                    nullableNumber(csv, rs, 9);
                    nullableNumber(csv, rs, 10);
                    nullableNumber(csv, rs, 11);
                    csv.number(rs.getLong(12));
                    csv.text(rs.getBytes(13));
                    byte[] survey = rs.getBytes(14);
                    if (survey == null) {
                        csv.empty();
                    } else {
                        csv.text(survey);
                    }
                    nullableNumber(csv, rs, 15);
                    csv.endRow();
                    rows++;
                }
            }
        }
        return rows;
    }

    /** The agent's id and display name (its id when the agent is gone), as two cells. */
    private byte[] agentCells(String agentId) {
        String name = directory.agent(agentId).map(Rows.Agent::displayName).orElse(agentId);
        byte[] id = CsvBytes.cell(agentId);
        byte[] shown = CsvBytes.cell(name);
        byte[] both = Arrays.copyOf(id, id.length + 1 + shown.length);
        both[id.length] = ',';
        System.arraycopy(shown, 0, both, id.length + 1, shown.length);
        return both;
    }

    private static void nullableNumber(CsvBytes csv, ResultSet rs, int column) throws SQLException, IOException {
        long v = rs.getLong(column);
        if (rs.wasNull()) {
            csv.empty();
        } else {
            csv.number(v);
        }
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (and does not refuse it with {@code q=0}). */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] fields = part.trim().split(";");
            if (!fields[0].trim().equals("gzip")) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].replace(" ", "");
                if (f.startsWith("q=")
                        && Double.parseDouble("0" + f.substring(2).replaceAll("[^0-9.]", "")) == 0) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** gzip at the fastest level: an export is compressed as it streams, at 100,000 rows a second or more. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, CHUNK_BYTES);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    /** Cuts the byte stream into chunks and passes each full one to the pipe, waiting while the pipe is full. */
    private static final class ChunkStream extends OutputStream {
        private final ChunkPipe pipe;
        private byte[] chunk = new byte[CHUNK_BYTES];
        private int used;

        ChunkStream(ChunkPipe pipe) {
            this.pipe = pipe;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == chunk.length) {
                sendNow();
            }
            chunk[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (used == chunk.length) {
                    sendNow();
                }
                int n = Math.min(len, chunk.length - used);
                System.arraycopy(b, off, chunk, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** Passes on what is buffered, even a partial chunk. */
        void sendNow() throws IOException {
            if (used == 0) {
                return;
            }
            byte[] full = used == chunk.length ? chunk : Arrays.copyOf(chunk, used);
            pipe.put(full);
            chunk = pipe.emptyChunk(CHUNK_BYTES);
            used = 0;
        }

        @Override
        public void close() throws IOException {
            sendNow();
        }
    }
}
