package io.cxpulse.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A virtual X server for tests that open windows. The test JVM is started with {@code DISPLAY} set (a headless JVM
 * cannot open a window); AWT connects to the display only on first use, so the test starts the server here, before
 * touching AWT. Needs Debian's {@code xvfb}: missing, the test is skipped on a laptop and fails under CI.
 */
public final class Xvfb implements AutoCloseable {
    private static Xvfb running;

    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /**
     * Starts Xvfb on the display named by this JVM's {@code DISPLAY} and waits until it accepts clients; the test
     * classes of one JVM share it.
     */
    public static synchronized Xvfb startForThisJvm() throws IOException, InterruptedException {
        if (running != null && running.process.isAlive()) {
            return running;
        }
        String display = System.getenv("DISPLAY");
        if (display == null || !display.matches(":\\d+")) {
            Requirements.missing("DISPLAY is not set to a local display such as :87 (run through mvn verify)");
        }
        Path xvfb = Requirements.binary("Xvfb");
        Path socket = Path.of("/tmp/.X11-unix/X" + display.substring(1));
        if (Files.exists(socket)) {
            throw new IllegalStateException("display " + display + " is already in use (" + socket
                    + " exists); stop that X server or choose another display with -Dcx.desktop.display=:N");
        }
        // Xvfb lives as long as this JVM: AWT keeps its display connection to the end, and pulling the display from
        // under it would end the JVM at once (an X I/O error). A shell waits for the JVM to exit, then stops Xvfb.
        long jvm = ProcessHandle.current().pid();
        String script = "'" + xvfb + "' " + display + " -screen 0 1280x900x24 -nolisten tcp -noreset & x=$!; "
                + "while kill -0 " + jvm
                + " 2>/dev/null && kill -0 $x 2>/dev/null; do sleep 1; done; kill $x 2>/dev/null";
        Process p = new ProcessBuilder("sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(socket)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Xvfb " + display + " exited with " + p.exitValue());
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("Xvfb " + display + " did not start within 20 s");
            }
            Thread.sleep(50);
        }
        running = new Xvfb(p, display);
        return running;
    }

    public String display() {
        return display;
    }

    /** Nothing to do: the server stops by itself once this JVM has exited (see {@link #startForThisJvm()}). */
    @Override
    public void close() {}
}
