package io.cxpulse.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.testkit.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One cluster node as a user runs it: the built server jar in a JVM of its own, so that kill -9 is real. */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private NodeProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code cx-server --cluster ...} and waits until it listens. */
    static NodeProcess start(String name, Path dir, int port, String dbUrl, int clusterPort, List<Integer> clusterPorts)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "cx-server.jar");
        assertThat(jar).as("built by mvn package before the integration tests").exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> members = new ArrayList<>();
        for (int p : clusterPorts) {
            members.add("127.0.0.1:" + p);
        }
        Path log = dir.resolve(name + ".log");
        Files.createDirectories(dir);
        Process process = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--data-dir",
                        dir.resolve(name).toString(),
                        "--db-url",
                        dbUrl,
                        "--cluster",
                        "--cluster-host",
                        "127.0.0.1",
                        "--cluster-port",
                        Integer.toString(clusterPort),
                        "--cluster-members",
                        String.join(",", members))
                .redirectError(log.toFile())
                .start();
        NodeProcess node = new NodeProcess(name, process, port, log);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = out.readLine()) != null) {
                            node.lines.add(line);
                        }
                    } catch (IOException e) {
                        // The process ended.
                    }
                },
                "node-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = node.line(120);
        assertThat(first)
                .as("node " + name + " started; its log:\n" + node.logText())
                .isEqualTo("cx-server listening on http://127.0.0.1:" + port + "/");
        return node;
    }

    /** The next line the node printed, waiting up to {@code seconds}; null when none came. */
    String line(int seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    /** Ends the JVM with SIGKILL: no shutdown hook, no goodbye to the cluster. */
    void kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
