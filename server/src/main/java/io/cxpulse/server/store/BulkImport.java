package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes history into a store without a server: the same rows, id claims and rollups as the live writer, in large
 * transactions on one connection of its own. A SQLite store is locked as a running server locks it, so the two never
 * write the same file; PostgreSQL takes an import next to a running server. Not thread-safe: one writer thread.
 */
public final class BulkImport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BulkImport.class);

    private final Connection connection;
    private final Dialect dialect;
    private final ZoneId zone;
    private final StoreLock lock;
    private final Clock clock;
    private final Map<String, String> teams;
    // SQLite: whether the import writes through a rollback journal rather than the write-ahead log.
    private final boolean rollbackJournal;
    // SQLite: whether the raw tables' indexes were dropped, to be built again by finish().
    private boolean indexesDeferred;

    private BulkImport(
            Connection connection,
            Dialect dialect,
            ZoneId zone,
            StoreLock lock,
            Clock clock,
            Map<String, String> t,
            boolean rollbackJournal) {
        this.connection = connection;
        this.rollbackJournal = rollbackJournal;
        this.dialect = dialect;
        this.zone = zone;
        this.lock = lock;
        this.clock = clock;
        this.teams = t;
    }

    /**
     * Opens the store at {@code url}, migrating it if needed. {@code zone} null keeps the zone of the store's
     * rollups (the system's for a new store).
     *
     * @throws SQLException when the store cannot be opened, is in use by a server (SQLite), or cannot be migrated
     */
    public static BulkImport open(String url, String user, String password, ZoneId zone, Clock clock)
            throws SQLException {
        Dialect dialect = Dialect.ofUrl(url);
        StoreLock lock = StoreLock.acquire(url);
        Connection c = null;
        try {
            c = Store.connect(url, Store.credentials(user, password), dialect);
            boolean rollbackJournal = false;
            if (dialect == Dialect.SQLITE) {
                rollbackJournal = rollbackJournal(c);
                try (Statement st = c.createStatement()) {
                    // A large page cache: the id and rollup indexes are updated at random places.
                    st.execute("PRAGMA cache_size=-1048576");
                    st.execute("PRAGMA temp_store=MEMORY");
                    if (!rollbackJournal) {
                        st.execute("PRAGMA journal_mode=WAL");
                        // Commits in the write-ahead log are not flushed one by one (the store stays consistent
                        // through a crash); finish() flushes them all.
                        st.execute("PRAGMA synchronous=NORMAL");
                        // Nor is the log copied into the database file after each commit, which would flush both
                        // files and keep the import waiting for the disk every million events: finish() does it once.
                        st.execute("PRAGMA wal_autocheckpoint=0");
                    }
                }
            }
            ZoneId settled = Store.prepare(c, dialect, zone);
            c.setAutoCommit(false);
            Map<String, String> teams = new ConcurrentHashMap<>();
            for (Rows.Agent a : Queries.agents(c)) {
                teams.put(a.id(), a.team());
            }
            c.commit();
            return new BulkImport(c, dialect, settled, lock, clock, teams, rollbackJournal);
        } catch (SQLException | RuntimeException e) {
            Store.closeQuietly(c);
            lock.release();
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The zone the store's rollups are kept in. */
    public ZoneId zone() {
        return zone;
    }

    /** The team an agent's events count under, when the store knows the agent. Safe from any thread. */
    public Optional<String> teamOf(String agentId) {
        return Optional.ofNullable(teams.get(agentId));
    }

    /**
     * Known agents' events, prepared for {@link #writeBatches} by any thread: their teams, scores, counts and rows are
     * worked out, and they are in id order.
     */
    public static final class Batch {
        private final List<EventWriter.Pending> pending;
        private final Rollups.Delta summed;
        private final int[] rowOrder;

        private Batch(List<EventWriter.Pending> pending, Rollups.Delta summed, int[] rowOrder) {
            this.pending = pending;
            this.summed = summed;
            this.rowOrder = rowOrder;
        }

        public int size() {
            return pending.size();
        }
    }

    /**
     * Prepares {@code events} for {@link #writeBatches}; safe from any thread, so that parser threads take this work off
     * the writer, down to what the events add to the rollups when they all turn out to be new.
     *
     * @throws IllegalArgumentException when an event's agent is unknown
     */
    public Batch prepare(List<AgentEvent> events) {
        List<EventWriter.Pending> pending = new ArrayList<>(events.size());
        Rollups.Delta summed = new Rollups.Delta(zone);
        for (AgentEvent e : events) {
            String team = teams.get(e.agentId());
            if (team == null) {
                throw new IllegalArgumentException("unknown agent " + e.agentId());
            }
            EventWriter.Pending p = new EventWriter.Pending(e, team);
            pending.add(p);
            summed.add(e, team, p.counts());
        }
        // In id order, the claims walk the id index's pages in order instead of jumping around a large file; the sort
        // is stable, so of two events with one id the first in the file still wins. The rows go in by end time, for
        // the same reason in the end-time indexes.
        int n = pending.size();
        int[] byId = idOrder(pending);
        List<EventWriter.Pending> sorted = new ArrayList<>(n);
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            EventWriter.Pending p = pending.get(byId[i]);
            sorted.add(p);
            ends[i] = p.event().endMs();
        }
        int[] rowOrder = stableOrder(ends);
        return new Batch(sorted, summed, rowOrder);
    }

    // Sorting packs each key with its position into one long (the position in the low bits) and sorts the longs: no
    // comparator and no boxing for the tens of thousands of events of a block.
    private static final int POSITION_BITS = 21;
    private static final int ID_PREFIX_CHARS = 6; // 7 bits each: ids are ASCII

    /** Positions of {@code pending} in (event id, position) order, ids compared as SQLite compares them. */
    static int[] idOrder(List<EventWriter.Pending> pending) {
        int n = pending.size();
        if (n >= 1 << POSITION_BITS) {
            return IntStream.range(0, n)
                    .boxed()
                    .sorted(Comparator.comparing(i -> pending.get(i).event().eventId()))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            String id = pending.get(i).event().eventId();
            long prefix = 0;
            for (int c = 0; c < ID_PREFIX_CHARS; c++) {
                prefix = prefix << 7 | (c < id.length() ? id.charAt(c) & 0x7F : 0);
            }
            keys[i] = prefix << POSITION_BITS | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        int mask = (1 << POSITION_BITS) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        // Ids that share their first characters are in position order: order them by the whole id (stable).
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && keys[to] >>> POSITION_BITS == keys[from] >>> POSITION_BITS) {
                to++;
            }
            if (to - from > 1) {
                Integer[] run = new Integer[to - from];
                for (int i = from; i < to; i++) {
                    run[i - from] = order[i];
                }
                Arrays.sort(
                        run, Comparator.comparing(i -> pending.get(i).event().eventId()));
                for (int i = from; i < to; i++) {
                    order[i] = run[i - from];
                }
            }
            from = to;
        }
        return order;
    }

    /** Positions of {@code values} in (value, position) order. */
    static int[] stableOrder(long[] values) {
        int n = values.length;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0 || n >= 1 << POSITION_BITS || max - min < 0 || max - min >= 1L << (63 - POSITION_BITS)) {
            return IntStream.range(0, n)
                    .boxed()
                    .sorted(Comparator.comparingLong(i -> values[i]))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (values[i] - min) << POSITION_BITS | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        int mask = (1 << POSITION_BITS) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        return order;
    }

    /**
     * Stores known agents' events in the current transaction, which {@link #commit()} ends; returns how many were new,
     * the rest being repeats of stored ids or of ids written before. No alerts are raised: imported detractors are
     * long past follow-up. After a failure the transaction is rolled back.
     *
     * @throws IllegalArgumentException when an event's agent is unknown
     */
    public int write(List<AgentEvent> events) throws SQLException {
        return writeBatches(List.of(prepare(events)));
    }

    /**
     * Stores prepared batches in the current transaction, in order, their rollups summed over all of them; returns
     * how many events were new. After a failure the transaction is rolled back.
     */
    public int writeBatches(List<Batch> batches) throws SQLException {
        List<List<EventWriter.Pending>> pending = new ArrayList<>(batches.size());
        List<Rollups.Delta> summed = new ArrayList<>(batches.size());
        List<int[]> rowOrders = new ArrayList<>(batches.size());
        for (Batch b : batches) {
            pending.add(b.pending);
            summed.add(b.summed);
            rowOrders.add(b.rowOrder);
        }
        try {
            Rollups.Delta delta = new Rollups.Delta(zone);
            int inserted = 0;
            for (boolean isNew : EventWriter.insert(connection, pending, summed, rowOrders, delta, clock.millis())) {
                if (isNew) {
                    inserted++;
                }
            }
            // Written now rather than at the commit: held for a million events, the sums would outlive the young
            // generation and cost the collector more than the repeated buckets cost the database.
            delta.flush(connection);
            return inserted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /**
     * SQLite: switches the store to a rollback journal for the import, which writes each new page once, into the
     * database file, where the write-ahead log takes it twice (into the log, then into the file at the checkpoint);
     * only the pages a transaction changes that were there before are copied, into the journal. Each commit is
     * flushed ({@code synchronous=FULL}), so an interrupted import keeps its committed transactions.
     * {@link #finish()} returns the store to the write-ahead log; a server that opens a store an import left in the
     * other mode returns it too. False (the write-ahead log kept) when another connection holds the store.
     */
    private static boolean rollbackJournal(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode=DELETE")) {
            return rs.next() && "delete".equalsIgnoreCase(rs.getString(1));
        } catch (SQLException e) {
            log.warn("The import keeps the write-ahead log: {}", e.getMessage());
            return false;
        }
    }

    /**
     * SQLite: when an import of about {@code expectedEvents} events is at least as large as what the raw tables hold,
     * drops their indexes in the current transaction, for {@link #finish()} to build again from all rows at once:
     * one sort per index costs the single writer less than an index entry per row (over the quarter of
     * docs/benchmarks.md, 24 instead of 29 s of its CPU). An import interrupted after a commit leaves them missing
     * until the store is next opened, which builds them. Returns whether it dropped them; PostgreSQL keeps its indexes,
     * since a server may be reading while it imports.
     */
    public boolean deferIndexes(long expectedEvents) throws SQLException {
        if (dialect != Dialect.SQLITE || indexesDeferred) {
            return indexesDeferred;
        }
        long stored = 0;
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT COALESCE(MAX(rowid), 0) FROM calls)"
                        + " + (SELECT COALESCE(MAX(rowid), 0) FROM surveys)")) {
            if (rs.next()) {
                stored = rs.getLong(1);
            }
        }
        if (expectedEvents < stored) {
            return false;
        }
        try {
            RawIndexes.drop(connection);
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        indexesDeferred = true;
        return true;
    }

    /**
     * Commits what was written. Random event ids touch pages all over the id index, and each commit writes every
     * touched page once: committing every million events rather than every few thousand is what makes a large import
     * fast. On SQLite with the write-ahead log, commits before {@link #finish()} are atomic but not yet flushed to
     * the disk.
     */
    public void commit() throws SQLException {
        connection.commit();
    }

    /** Commits what was written, durably: when this returns, the import survives a power cut. */
    public void finish() throws SQLException {
        connection.commit();
        if (indexesDeferred) {
            buildIndexes();
        }
        if (dialect != Dialect.SQLITE) {
            return;
        }
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA synchronous=FULL");
            if (rollbackJournal) {
                // The commits are flushed; the store goes back to the write-ahead log the server uses.
                writeAheadLog(st);
                return;
            }
            // Checkpointing flushes the write-ahead log, copies it into the database file and flushes that.
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (!rs.next() || rs.getInt(1) != 0) {
                    throw new SQLException("the import could not be written through to the database file");
                }
            }
        }
    }

    /** Builds the deferred indexes in a transaction of their own, after the rows are committed. */
    private void buildIndexes() throws SQLException {
        log.info("Building the raw tables' indexes");
        try (Statement st = connection.createStatement()) {
            // SQLite sorts the entries of a new index in runs the size of its page cache and merges them: runs of
            // 16 MB in temporary files, sorted by as many threads as there are cores, build the quarter's seven
            // indexes in 6.1 s, where runs of a gigabyte in memory on one thread took 10.7 s.
            st.execute("PRAGMA cache_size=-16384");
            st.execute("PRAGMA temp_store=FILE");
            st.execute("PRAGMA threads=" + Runtime.getRuntime().availableProcessors());
            RawIndexes.buildMissing(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
        indexesDeferred = false;
    }

    private static void writeAheadLog(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
            if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                throw new SQLException("the store could not be returned to its write-ahead log");
            }
        }
    }

    /** Folds SQLite's write-ahead log back into the database file, then releases the store. */
    @Override
    public void close() {
        try {
            if (dialect == Dialect.SQLITE) {
                connection.setAutoCommit(true);
                try (Statement st = connection.createStatement()) {
                    if (rollbackJournal) {
                        writeAheadLog(st);
                    }
                    st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        } catch (SQLException e) {
            log.warn("Checkpoint after the import failed; the next open completes it", e);
        } finally {
            Store.closeQuietly(connection);
            lock.release();
        }
    }
}
