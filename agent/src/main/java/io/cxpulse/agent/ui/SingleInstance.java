package io.cxpulse.agent.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One desktop app per user. The first instance holds a lock on {@code desktop.lock} in the user's data directory and
 * listens on a loopback port written next to it; a second start finds the lock taken, asks the first over that port
 * to bring its window forward, and ends. The listening thread waits in {@code accept}: no polling.
 */
public final class SingleInstance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SingleInstance.class);
    private static final String LOCK = "desktop.lock";
    private static final String PORT = "desktop.port";
    private static final byte[] SHOW = "show\n".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final FileLock lock;
    private final ServerSocket server;
    private final Path dir;

    private SingleInstance(FileChannel channel, FileLock lock, ServerSocket server, Path dir) {
        this.channel = channel;
        this.lock = lock;
        this.server = server;
        this.dir = dir;
    }

    /**
     * Becomes the user's one instance, or, when another holds the lock, asks it to show its window.
     *
     * @return this instance's hold on the lock, or empty when another instance runs (and was asked to show itself)
     */
    public static Optional<SingleInstance> acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel =
                FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very JVM: the same as held by another process
        }
        if (lock == null) {
            channel.close();
            signalFirst(dataDir);
            return Optional.empty();
        }
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Files.writeString(dataDir.resolve(PORT), Integer.toString(server.getLocalPort()), StandardCharsets.US_ASCII);
        return Optional.of(new SingleInstance(channel, lock, server, dataDir));
    }

    /** Calls {@code onShow} (on a background thread) whenever a second start asks for the window. */
    public void onShowRequest(Runnable onShow) {
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket s = server.accept();
                                InputStream in = s.getInputStream()) {
                            s.setSoTimeout(2000);
                            byte[] request = in.readNBytes(SHOW.length);
                            if (Arrays.equals(request, SHOW)) {
                                onShow.run();
                            }
                        } catch (IOException e) {
                            if (!server.isClosed()) {
                                log.debug("show request failed: {}", e.getMessage());
                            }
                        }
                    }
                },
                "cx-desktop-instance");
        t.setDaemon(true);
        t.start();
    }

    private static void signalFirst(Path dataDir) throws IOException {
        int port;
        try {
            port = Integer.parseInt(Files.readString(dataDir.resolve(PORT), StandardCharsets.US_ASCII)
                    .trim());
        } catch (IOException | NumberFormatException e) {
            throw new IOException(
                    "CX Pulse is already running, but cannot be reached to show its window: " + e.getMessage(), e);
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                OutputStream out = s.getOutputStream()) {
            out.write(SHOW);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(dir.resolve(PORT));
            lock.release();
            channel.close();
        } catch (IOException e) {
            log.debug("releasing the instance lock: {}", e.getMessage());
        }
    }
}
