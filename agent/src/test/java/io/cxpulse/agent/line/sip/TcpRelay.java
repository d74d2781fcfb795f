package io.cxpulse.agent.line.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between the agent and a real SIP server, as a NAT or a load balancer sits on the path: it
 * passes every byte both ways and counts what RFC 5626 keep-alives crossed it, CRLF CRLF pings from the agent and
 * CRLF pongs from the server. A keep-alive is sent on an idle connection, so it arrives as a read of its own.
 */
public final class TcpRelay implements AutoCloseable {
    private static final byte[] PING = {'\r', '\n', '\r', '\n'};
    private static final byte[] PONG = {'\r', '\n'};

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();

    public TcpRelay(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-relay");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** CRLF CRLF pings the agent sent. */
    public int pings() {
        return pings.get();
    }

    /** CRLF pongs the server answered. */
    public int pongs() {
        return pongs.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket agent = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(agent);
                sockets.add(server);
                pipe(agent, server, PING, pings);
                pipe(server, agent, PONG, pongs);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pipe(Socket from, Socket to, byte[] keepAlive, AtomicInteger count) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[65536];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            if (Arrays.equals(buf, 0, n, keepAlive, 0, keepAlive.length)) {
                                count.incrementAndGet();
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side went away
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "tcp-relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(TcpRelay::close);
    }
}
