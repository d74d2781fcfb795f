package io.cxpulse.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a SQLite store to one writing process: a running server and an import would otherwise both write the file,
 * the import's long transactions stalling the server's acknowledgements and the server's in-memory figures missing
 * what the import added. The lock is {@code cx.db.lock} next to the database file, held while the store is open and
 * released by the operating system if the process dies. PostgreSQL needs no such lock: it is made for many writers.
 */
final class StoreLock {
    private static final StoreLock NONE = new StoreLock(null, null, null);
    /**
     * Files this process holds: a second open in the same process must fail before touching the lock file, since
     * closing any channel on a file drops the process's lock on it on some systems.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the SQLite file of {@code url}; nothing for PostgreSQL or an in-memory database. */
    static StoreLock acquire(String url) throws SQLException {
        Path file = sqliteFile(url);
        if (file == null) {
            return NONE;
        }
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        if (HELD.add(file)) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new StoreLock(file, channel, lock);
                }
            } catch (OverlappingFileLockException e) {
                // Held through another channel of this process.
            } catch (IOException e) {
                closeQuietly(channel);
                HELD.remove(file);
                throw new SQLException("cannot lock " + lockFile + ": " + e.getMessage(), e);
            }
            closeQuietly(channel);
            HELD.remove(file);
        }
        throw new SQLException("the store " + file + " is in use by another cx-server or import; stop it first");
    }

    /** The database file of a {@code jdbc:sqlite:} URL, or null when there is none. */
    static Path sqliteFile(String url) {
        if (!url.startsWith("jdbc:sqlite:")) {
            return null;
        }
        String path = url.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.contains(":memory:")) {
            return null;
        }
        return Path.of(path).toAbsolutePath();
    }

    private final AtomicBoolean released = new AtomicBoolean();

    void release() {
        if (channel == null || !released.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        HELD.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to release.
            }
        }
    }
}
