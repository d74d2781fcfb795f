package io.cxpulse.server.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The store's reads: read-only work on worker threads, over a small pool of connections of their own. */
final class Readers implements AutoCloseable {
    private static final int POOL = 4;

    /** Opens a connection to the store's database. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Vertx vertx;
    private final Dialect dialect;
    private final Connector connector;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL);

    Readers(Vertx vertx, Dialect dialect, Connector connector) {
        this.vertx = vertx;
        this.dialect = dialect;
        this.connector = connector;
    }

    <T> Future<T> read(SqlWork<T> work) {
        return vertx.executeBlocking(() -> readNow(work), false);
    }

    <T> T readNow(SqlWork<T> work) throws SQLException {
        Connection c = idle.poll();
        if (c == null || !c.isValid(1)) {
            Store.closeQuietly(c);
            c = connector.connect();
            c.setReadOnly(dialect == Dialect.POSTGRESQL);
        }
        try {
            T result = work.run(c);
            if (!idle.offer(c)) {
                Store.closeQuietly(c);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            Store.closeQuietly(c);
            throw e;
        }
    }

    /** Runs {@code work} in one read-only transaction that sees one snapshot of the database throughout. */
    <T> Future<T> snapshot(SqlWork<T> work) {
        return read(c -> {
            c.setAutoCommit(false);
            if (dialect == Dialect.POSTGRESQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return work.run(c);
            } finally {
                c.rollback();
                if (dialect == Dialect.POSTGRESQL) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(true);
            }
        });
    }

    <T> T readStreaming(SqlWork<T> work) throws SQLException {
        try (Connection c = connector.connect()) {
            c.setReadOnly(dialect == Dialect.POSTGRESQL);
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            Store.closeQuietly(c);
        }
    }
}
