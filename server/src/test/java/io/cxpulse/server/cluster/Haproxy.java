package io.cxpulse.server.cluster;

import io.cxpulse.testkit.Processes;
import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's haproxy in front of the nodes, as a user deploys it: HTTP, WebSocket upgrades and server-sent events to
 * any node that answers {@code /api/ready}.
 */
final class Haproxy implements AutoCloseable {
    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The haproxy binary: on the PATH, or where Debian puts it. */
    static Path binary() {
        Path debian = Path.of("/usr/sbin/haproxy");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        return Requirements.binary("haproxy");
    }

    static Haproxy start(Path binary, Path dir, int port, List<NodeProcess> nodes) throws IOException {
        StringBuilder config = new StringBuilder()
                .append("global\n")
                .append("    maxconn 2000\n")
                .append("defaults\n")
                .append("    mode http\n")
                .append("    timeout connect 2s\n")
                .append("    timeout client 60s\n")
                .append("    timeout server 60s\n")
                // WebSockets and event streams stay open for as long as the agent and the dashboard are there.
                .append("    timeout tunnel 1h\n")
                .append("frontend cx\n")
                .append("    bind 127.0.0.1:")
                .append(port)
                .append('\n')
                .append("    default_backend nodes\n")
                .append("backend nodes\n")
                .append("    balance roundrobin\n")
                .append("    option httpchk GET /api/ready\n")
                .append("    http-check expect status 200\n");
        for (NodeProcess n : nodes) {
            config.append("    server ")
                    .append(n.name())
                    .append(" 127.0.0.1:")
                    .append(n.port())
                    .append(" check inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config.toString());
        Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile())
                .start();
        return new Haproxy(process, port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
