package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one source of truth: a JDBC database (SQLite file in WAL mode, or PostgreSQL) behind futures.
 *
 * <p>Writes go through a single writer thread that drains a queue and commits everything pending in one transaction
 * (group commit: events and jobs alike, each job under a savepoint of its own so that a failing one is undone alone),
 * then reports the outcome of each write; an event's future completes only after its transaction committed. Reads go
 * to {@link Readers} (worker threads, a small pool of their own connections) and the SQL itself lives in {@link
 * Queries}. Futures complete on the Vert.x context that asked.
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);
    private static final int QUEUE_CAPACITY = 20_000;
    private static final int MAX_BATCH = 1_000;
    /**
     * Most units (runs of events, jobs) in one transaction: each has a savepoint, and PostgreSQL slows down once a
     * transaction has more than 64 subtransactions.
     */
    private static final int MAX_UNITS = 64;

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
    private final StoreLock lock;
    private ZoneId zone;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Readers readers;
    private final Thread writer;
    private volatile Consumer<List<Rows.Committed>> listener = list -> {};
    private volatile Context listenerContext;
    private volatile boolean closed;
    private final AtomicLong commits = new AtomicLong();
    private Connection writeConnection;
    private final UnaryOperator<Connection> connections;

    private Store(
            Vertx vertx,
            String url,
            String user,
            String password,
            Clock clock,
            StoreLock lock,
            UnaryOperator<Connection> connections) {
        this.vertx = vertx;
        this.connections = connections;
        this.dialect = Dialect.ofUrl(url);
        this.url = url;
        this.clock = clock;
        this.lock = lock;
        this.credentials = credentials(user, password);
        this.readers = new Readers(vertx, dialect, this::connect);
        this.writer = new Thread(this::writeLoop, "cx-store-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the database in the time zone its rollups already use (the system's for a new store). Blocking.
     *
     * @throws SQLException when the database cannot be opened or migrated
     */
    public static Store open(Vertx vertx, String url, String user, String password, Clock clock) throws SQLException {
        return open(vertx, url, user, password, clock, null);
    }

    /**
     * Opens the database, applies migrations and starts the writer. Blocking: call from a worker or at start-up. A
     * SQLite file is locked for this process until {@link #close()}: no other server or import may write it. When
     * {@code zone} differs from the one the rollups were kept in, they are rebuilt in {@code zone} from the raw rows
     * (refused when raw rows were retired).
     *
     * @throws SQLException when the database cannot be opened, is in use, or cannot be migrated
     */
    public static Store open(Vertx vertx, String url, String user, String password, Clock clock, ZoneId zone)
            throws SQLException {
        return open(vertx, url, user, password, clock, zone, UnaryOperator.identity());
    }

    /** As above, with every connection the store opens passed through {@code connections} (failure injection). */
    static Store open(
            Vertx vertx,
            String url,
            String user,
            String password,
            Clock clock,
            ZoneId zone,
            UnaryOperator<Connection> connections)
            throws SQLException {
        StoreLock lock = StoreLock.acquire(url);
        Store store = new Store(vertx, url, user, password, clock, lock, connections);
        try {
            store.writeConnection = store.connect();
            if (store.dialect == Dialect.SQLITE) {
                try (Statement st = store.writeConnection.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            }
            store.writerSettings(store.writeConnection);
            store.zone = prepare(store.writeConnection, store.dialect, zone);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(store.writeConnection);
            lock.release();
            throw e;
        }
        log.info("Store ready: {} schema version {}, rollups in {}", store.dialect, Migrations.latest(), store.zone);
        store.writer.start();
        return store;
    }

    /**
     * Migrates the schema and settles the rollups' time zone: {@code wanted}, or the stored one when null. Returns
     * the zone the rollups are now kept in.
     */
    static ZoneId prepare(Connection c, Dialect dialect, ZoneId wanted) throws SQLException {
        Migrations.apply(c, dialect, wanted == null ? ZoneId.systemDefault() : wanted);
        if (dialect == Dialect.SQLITE) {
            List<String> rebuilt = RawIndexes.buildMissing(c);
            if (!rebuilt.isEmpty()) {
                c.commit();
                log.warn("Built again the indexes {}, which an interrupted import had left out", rebuilt);
            }
        }
        ZoneId stored = ZoneId.of(Settings.get(c, Settings.TIME_ZONE).orElseThrow());
        if (wanted == null || wanted.equals(stored)) {
            return stored;
        }
        if (Settings.get(c, Settings.RETIRED_BEFORE).isPresent()) {
            throw new SQLException("the store's daily figures are kept in time zone " + stored
                    + " and raw events were retired, so they cannot be recounted in " + wanted
                    + "; start with --time-zone " + stored);
        }
        try {
            log.warn("The store's rollups were kept in time zone {}; recounting them in {}", stored, wanted);
            Rollups.rebuild(c, dialect, wanted);
            Settings.put(c, Settings.TIME_ZONE, wanted.getId());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        return wanted;
    }

    static Properties credentials(String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** The time zone of the store's day and hour rollups. */
    public ZoneId zone() {
        return zone;
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

    /**
     * Retires the raw calls and surveys that ended before {@code cutoffMs}; their rollups, event ids and alerts
     * stay. Deletes in transactions of {@value #RETIRE_CHUNK} rows, so that acknowledgements keep flowing in
     * between. Completes with the number of rows retired.
     */
    public Future<Long> retireBefore(long cutoffMs) {
        return transaction(c -> {
                    long before = Settings.get(c, Settings.RETIRED_BEFORE)
                            .map(Long::parseLong)
                            .orElse(Long.MIN_VALUE);
                    if (cutoffMs > before) {
                        Settings.put(c, Settings.RETIRED_BEFORE, Long.toString(cutoffMs));
                    }
                    return 0L;
                })
                .compose(v -> retireChunks(cutoffMs, 0));
    }

    private static final int RETIRE_CHUNK = 10_000;

    private Future<Long> retireChunks(long cutoffMs, long doneSoFar) {
        return transaction(c -> Queries.retireRawEvents(c, cutoffMs, RETIRE_CHUNK))
                .compose(n -> n == 0 ? Future.succeededFuture(doneSoFar) : retireChunks(cutoffMs, doneSoFar + n));
    }

    /** Runs read-only {@code work} on a worker thread. */
    public <T> Future<T> read(SqlWork<T> work) {
        return readers.read(work);
    }

    /**
     * Runs read-only {@code work} on a worker thread in one transaction that sees one snapshot of the database: rows
     * committed while it runs are either all visible to it or not at all.
     */
    public <T> Future<T> readSnapshot(SqlWork<T> work) {
        return readers.snapshot(work);
    }

    /** Runs read-only {@code work} on the calling thread; for start-up, before the event loop serves anyone. */
    public <T> T readNow(SqlWork<T> work) throws SQLException {
        return readers.readNow(work);
    }

    /**
     * Runs long read-only {@code work}, such as an export, on the calling (worker) thread with a connection of its
     * own, set up so that a query with {@link #streaming} set streams its rows instead of loading them all.
     */
    public <T> T readStreaming(SqlWork<T> work) throws SQLException {
        return readers.readStreaming(work);
    }

    /** Makes {@code ps} fetch rows in portions, as {@link #readStreaming} needs on PostgreSQL. */
    public void streaming(PreparedStatement ps) throws SQLException {
        ps.setFetchSize(dialect.fetchSize());
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
        readers.close();
        lock.release();
    }

    private Connection connect() throws SQLException {
        return connections.apply(connect(url, credentials, dialect));
    }

    /** The page size of a new SQLite store, in bytes. */
    static final int PAGE_SIZE = 16_384;

    static Connection connect(String url, Properties credentials, Dialect dialect) throws SQLException {
        Connection c = DriverManager.getConnection(url, credentials);
        if (dialect == Dialect.SQLITE) {
            try (Statement st = c.createStatement()) {
                // A new store's pages: a survey row with its answers is about 600 bytes, and 16 KiB pages take each
                // row, id claim and index entry with a third less of SQLite's work than the default 4 KiB, and write
                // a large import with half the system time. Set before anything creates the file; an existing store
                // keeps the page size it was made with.
                st.execute("PRAGMA page_size=" + PAGE_SIZE);
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
            List<Unit> units = new ArrayList<>();
            List<EventTask> events = new ArrayList<>();
            for (Task t : batch) {
                if (t instanceof EventTask et) {
                    events.add(et);
                    continue;
                }
                if (!events.isEmpty()) {
                    units.add(new Events(List.copyOf(events)));
                    events.clear();
                }
                if (t instanceof JobTask job) {
                    units.add(new Job(job));
                } else {
                    stop = true;
                }
            }
            if (!events.isEmpty()) {
                units.add(new Events(List.copyOf(events)));
            }
            for (int from = 0; from < units.size(); from += MAX_UNITS) {
                commitTogether(units.subList(from, Math.min(units.size(), from + MAX_UNITS)));
            }
            if (stop) {
                break;
            }
        }
        failRemaining();
        closeQuietly(writeConnection);
        log.info("Store writer stopped");
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

    /**
     * What one transaction holds: a run of events queued one after another, or one job. Several go into one commit
     * (one flush to disk for all), each under a savepoint of its own so that one that fails leaves the others.
     */
    private sealed interface Unit permits Events, Job {
        /** Tells the waiting callers that this unit is not stored, because of {@code e}. */
        void fail(Exception e);

        /** Tells the waiting callers that this unit is stored. */
        void complete();
    }

    private final class Events implements Unit {
        final List<EventTask> tasks;
        List<Rows.Committed> results;

        Events(List<EventTask> tasks) {
            this.tasks = tasks;
        }

        void run(Connection c) throws SQLException {
            List<EventWriter.Pending> pending = new ArrayList<>(tasks.size());
            for (EventTask t : tasks) {
                pending.add(new EventWriter.Pending(t.event(), t.team()));
            }
            results = EventWriter.write(c, zone, pending, clock.millis());
        }

        @Override
        public void fail(Exception e) {
            log.warn("Group commit of {} events failed; they will be refused as unavailable", tasks.size(), e);
            for (EventTask t : tasks) {
                StoreUnavailableException failure = new StoreUnavailableException(
                        "could not commit event " + t.event().eventId() + ": " + e.getMessage(), e);
                t.context().runOnContext(v -> t.promise().tryFail(failure));
            }
        }

        @Override
        public void complete() {
            for (int i = 0; i < tasks.size(); i++) {
                EventTask t = tasks.get(i);
                Rows.Committed r = results.get(i);
                t.context().runOnContext(v -> t.promise().tryComplete(r));
            }
        }
    }

    private static final class Job implements Unit {
        final JobTask task;
        Object result;

        Job(JobTask task) {
            this.task = task;
        }

        void run(Connection c) throws SQLException {
            result = task.work().run(c);
        }

        @Override
        public void fail(Exception e) {
            Exception failure =
                    e instanceof SQLException ? new StoreUnavailableException("store write failed: " + e, e) : e;
            task.context().runOnContext(v -> task.promise().tryFail(failure));
        }

        @Override
        public void complete() {
            Object r = result;
            task.context().runOnContext(v -> task.promise().tryComplete(r));
        }
    }

    private static void run(Unit u, Connection c) throws SQLException {
        if (u instanceof Events events) {
            events.run(c);
        } else {
            ((Job) u).run(c);
        }
    }

    /**
     * Runs {@code units} in one transaction and commits it once; reports each unit's outcome only after the commit
     * (or its failure). With more than one unit each runs under a savepoint, so that a unit that fails is rolled back
     * alone and fails alone.
     */
    private void commitTogether(List<Unit> units) {
        List<Unit> done = new ArrayList<>(units.size());
        List<Unit> failed = new ArrayList<>();
        Connection c;
        try {
            c = writer();
        } catch (SQLException e) {
            units.forEach(u -> u.fail(e));
            return;
        }
        try {
            if (units.size() == 1) {
                run(units.get(0), c);
                done.add(units.get(0));
            } else {
                for (Unit u : units) {
                    Savepoint sp = c.setSavepoint();
                    try {
                        run(u, c);
                    } catch (SQLException | RuntimeException e) {
                        // When the database ended the transaction itself there is no savepoint to roll back to:
                        // that fails the whole transaction below.
                        c.rollback(sp);
                        failed.add(u);
                        u.fail(e);
                        continue;
                    }
                    c.releaseSavepoint(sp);
                    done.add(u);
                }
            }
            c.commit();
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            for (Unit u : units) {
                if (!failed.contains(u)) {
                    u.fail(e);
                }
            }
            return;
        }
        List<Rows.Committed> results = new ArrayList<>();
        for (Unit u : done) {
            if (u instanceof Events events) {
                results.addAll(events.results);
            }
        }
        Context lc = listenerContext;
        Consumer<List<Rows.Committed>> l = listener;
        if (lc != null && !results.isEmpty()) {
            lc.runOnContext(v -> {
                try {
                    l.accept(results);
                } catch (RuntimeException e) {
                    log.error("Commit listener failed", e);
                }
            });
        }
        done.forEach(Unit::complete);
    }

    private Connection writer() throws SQLException {
        if (writeConnection == null || writeConnection.isClosed() || !writeConnection.isValid(2)) {
            closeQuietly(writeConnection);
            writeConnection = null;
            writeConnection = connect();
            writerSettings(writeConnection);
        }
        writeConnection.setAutoCommit(false);
        return writeConnection;
    }

    /**
     * The writer's SQLite connection keeps what a transaction may have to undo to a savepoint (each job and run of
     * events in a group commit has one) in memory rather than in a temporary file: a few pages per transaction.
     */
    private void writerSettings(Connection c) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA temp_store=MEMORY");
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (c != null && !c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException e) {
            log.debug("Rollback failed", e);
        }
    }

    static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("Closing a connection failed", e);
        }
    }
}
