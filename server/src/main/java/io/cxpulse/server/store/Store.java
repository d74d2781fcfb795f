package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.protocol.WireCodec;
import io.cxpulse.server.metrics.SurveyScores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one source of truth: a JDBC database (SQLite file in WAL mode, or PostgreSQL) behind futures.
 *
 * <p>Writes go through a single writer thread that drains a queue and commits everything pending in one transaction
 * (group commit), then reports the outcome of each write; an event's future completes only after its transaction
 * committed. Reads run on Vert.x worker threads with a small pool of their own connections. Futures complete on the
 * Vert.x context that asked.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final int QUEUE_CAPACITY = 20_000;
    private static final int MAX_BATCH = 1_000;
    private static final int READ_POOL = 4;

    private sealed interface Task permits EventTask, JobTask, Stop {}

    private record EventTask(AgentEvent event, String team, Context context, Promise<Rows.Committed> promise)
            implements Task {}

    private record JobTask(SqlWork<Object> work, Context context, Promise<Object> promise) implements Task {}

    private record Stop() implements Task {}

    private final Vertx vertx;
    private final Dialect dialect;
    private final String url;
    private final Properties credentials;
    private final Clock clock;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READ_POOL);
    private final Thread writer;
    private volatile Consumer<List<Rows.Committed>> listener = list -> {};
    private volatile Context listenerContext;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private Connection writeConnection;

    private Store(Vertx vertx, String url, String user, String password, Clock clock) {
        this.vertx = vertx;
        this.dialect = Dialect.ofUrl(url);
        this.url = url;
        this.clock = clock;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.writer = new Thread(this::writeLoop, "cx-store-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the database, applies migrations and starts the writer. Blocking: call from a worker or at start-up.
     *
     * @throws SQLException when the database cannot be opened or migrated
     */
    public static Store open(Vertx vertx, String url, String user, String password, Clock clock) throws SQLException {
        Store store = new Store(vertx, url, user, password, clock);
        store.writeConnection = store.connect();
        if (store.dialect == Dialect.SQLITE) {
            try (Statement st = store.writeConnection.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
            }
        }
        int version = Migrations.apply(store.writeConnection);
        LOG.info("Store ready: {} schema version {}", store.dialect, version);
        store.writer.start();
        return store;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Transactions the writer committed so far (group commits and jobs), for monitoring and tests. */
    public long commits() {
        return commits.get();
    }

    /**
     * Where committed batches are reported, in commit order, on {@code context}; only newly inserted events raise
     * alerts but repeats are reported too (with {@code inserted} false).
     */
    public void onCommitted(Context context, Consumer<List<Rows.Committed>> consumer) {
        this.listenerContext = context;
        this.listener = consumer;
    }

    /** Stores an event once; completes after its transaction committed, or fails with StoreUnavailableException. */
    public Future<Rows.Committed> write(AgentEvent event, String team) {
        Context ctx = vertx.getOrCreateContext();
        Promise<Rows.Committed> promise = Promise.promise();
        if (closed || !queue.offer(new EventTask(event, team, ctx, promise))) {
            return Future.failedFuture(new StoreUnavailableException(
                    closed ? "the store is closed" : "the store's write queue is full", null));
        }
        return promise.future();
    }

    /** Runs {@code work} in its own transaction on the writer thread. */
    @SuppressWarnings("unchecked")
    public <T> Future<T> transaction(SqlWork<T> work) {
        Context ctx = vertx.getOrCreateContext();
        Promise<Object> promise = Promise.promise();
        if (closed || !queue.offer(new JobTask((SqlWork<Object>) work, ctx, promise))) {
            return Future.failedFuture(new StoreUnavailableException(
                    closed ? "the store is closed" : "the store's write queue is full", null));
        }
        return promise.future().map(o -> (T) o);
    }

    /** Runs read-only {@code work} on a worker thread. */
    public <T> Future<T> read(SqlWork<T> work) {
        return vertx.executeBlocking(() -> readNow(work), false);
    }

    /** Runs read-only {@code work} on the calling thread; for start-up, before the event loop serves anyone. */
    public <T> T readNow(SqlWork<T> work) throws SQLException {
        Connection c = idleReaders.poll();
        if (c == null || !c.isValid(1)) {
            closeQuietly(c);
            c = connect();
            c.setReadOnly(dialect == Dialect.POSTGRESQL);
        }
        try {
            T result = work.run(c);
            if (!idleReaders.offer(c)) {
                closeQuietly(c);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.offer(new Stop());
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c;
        while ((c = idleReaders.poll()) != null) {
            closeQuietly(c);
        }
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, credentials);
        if (dialect == Dialect.SQLITE) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
                // FULL: an acknowledged event must survive a power cut, not only a crash of this process.
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA foreign_keys=ON");
            }
        }
        return c;
    }

    private void writeLoop() {
        List<Task> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = false;
            List<EventTask> events = new ArrayList<>();
            for (Task t : batch) {
                if (t instanceof EventTask et) {
                    events.add(et);
                } else {
                    flushEvents(events);
                    events.clear();
                    if (t instanceof JobTask job) {
                        runJob(job);
                    } else {
                        stop = true;
                    }
                }
            }
            flushEvents(events);
            if (stop) {
                break;
            }
        }
        failRemaining();
        closeQuietly(writeConnection);
        LOG.info("Store writer stopped");
    }

    private void failRemaining() {
        Task t;
        while ((t = queue.poll()) != null) {
            StoreUnavailableException e = new StoreUnavailableException("the store is closed", null);
            if (t instanceof EventTask et) {
                et.context().runOnContext(v -> et.promise().tryFail(e));
            } else if (t instanceof JobTask jt) {
                jt.context().runOnContext(v -> jt.promise().tryFail(e));
            }
        }
    }

    private void runJob(JobTask job) {
        try {
            Connection c = writer();
            Object result;
            try {
                result = job.work().run(c);
                c.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
            job.context().runOnContext(v -> job.promise().tryComplete(result));
        } catch (SQLException e) {
            StoreUnavailableException failure = new StoreUnavailableException("store write failed: " + e, e);
            job.context().runOnContext(v -> job.promise().tryFail(failure));
        } catch (RuntimeException e) {
            job.context().runOnContext(v -> job.promise().tryFail(e));
        }
    }

    private void flushEvents(List<EventTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        List<Rows.Committed> results = new ArrayList<>(tasks.size());
        try {
            Connection c = writer();
            try {
                long now = clock.millis();
                for (EventTask t : tasks) {
                    results.add(insert(c, t.event(), t.team(), now));
                }
                c.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Group commit of {} events failed; they will be refused as unavailable", tasks.size(), e);
            for (EventTask t : tasks) {
                StoreUnavailableException failure = new StoreUnavailableException(
                        "could not commit event " + t.event().eventId() + ": " + e.getMessage(), e);
                t.context().runOnContext(v -> t.promise().tryFail(failure));
            }
            return;
        }
        Context lc = listenerContext;
        Consumer<List<Rows.Committed>> l = listener;
        if (lc != null) {
            lc.runOnContext(v -> {
                try {
                    l.accept(results);
                } catch (RuntimeException e) {
                    LOG.error("Commit listener failed", e);
                }
            });
        }
        for (int i = 0; i < tasks.size(); i++) {
            EventTask t = tasks.get(i);
            Rows.Committed r = results.get(i);
            t.context().runOnContext(v -> t.promise().tryComplete(r));
        }
    }

    private Connection writer() throws SQLException {
        if (writeConnection == null || writeConnection.isClosed() || !writeConnection.isValid(2)) {
            closeQuietly(writeConnection);
            writeConnection = null;
            writeConnection = connect();
        }
        writeConnection.setAutoCommit(false);
        return writeConnection;
    }

    private static Rows.Committed insert(Connection c, AgentEvent event, String team, long now) throws SQLException {
        if (event instanceof CallRecord call) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO calls (event_id, agent_id, team_id, call_id,"
                    + " start_ms, end_ms, talk_ms, mute_ms, mute_count, longest_mute_ms, hold_ms, survey_offered,"
                    + " received_ms, ended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (event_id) DO NOTHING")) {
                ps.setString(1, call.eventId());
                ps.setString(2, call.agentId());
                ps.setString(3, team);
                ps.setString(4, call.callId());
                ps.setLong(5, call.startMs());
                ps.setLong(6, call.endMs());
                ps.setLong(7, call.talkMs());
                ps.setLong(8, call.muteMs());
                ps.setInt(9, call.muteCount());
                ps.setLong(10, call.longestMuteMs());
                ps.setLong(11, call.holdMs());
                ps.setInt(12, call.surveyOffered() ? 1 : 0);
                ps.setLong(13, now);
                ps.setString(14, call.endedBy() == null ? null : call.endedBy().wire());
                return new Rows.Committed(call, team, ps.executeUpdate() == 1, null, null);
            }
        }
        SurveyResult survey = (SurveyResult) event;
        SurveyScores scores = SurveyScores.of(survey);
        String answersJson =
                new JsonObject(WireCodec.encode(survey)).getJsonArray("answers").encode();
        boolean inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO surveys (event_id, agent_id, team_id, call_id,"
                + " language, start_ms, end_ms, status, nps, csat, resolved, answered, answers_json, received_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")) {
            ps.setString(1, survey.eventId());
            ps.setString(2, survey.agentId());
            ps.setString(3, team);
            ps.setString(4, survey.callId());
            ps.setString(5, survey.language());
            ps.setLong(6, survey.startMs());
            ps.setLong(7, survey.endMs());
            ps.setString(8, survey.status().wire());
            ps.setObject(9, scores.nps(), java.sql.Types.INTEGER);
            ps.setObject(10, scores.csat(), java.sql.Types.INTEGER);
            ps.setObject(11, scores.resolved(), java.sql.Types.INTEGER);
            ps.setInt(12, scores.answered());
            ps.setString(13, answersJson);
            ps.setLong(14, now);
            inserted = ps.executeUpdate() == 1;
        }
        Rows.Alert alert = null;
        if (inserted && scores.detractor()) {
            alert = new Rows.Alert(
                    survey.eventId(),
                    survey.agentId(),
                    team,
                    survey.callId(),
                    scores.nps(),
                    scores.csat(),
                    Rows.Alert.OPEN,
                    null,
                    now,
                    now,
                    null);
            Queries.insertAlert(c, alert);
        }
        return new Rows.Committed(survey, team, inserted, scores, alert);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (c != null && !c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("Rollback failed", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a connection failed", e);
        }
    }
}
