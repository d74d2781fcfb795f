package io.cxpulse.agent.line.sip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cxpulse.testkit.Processes;
import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real caller: Debian's baresip, started with a configuration written into a test directory, on free loopback
 * ports, playing a recorded caller from a WAV file (its aufile module: the call ends when the recording does, as a
 * caller hanging up), and driven over its ctrl_tcp interface (dial, send keys as RFC 4733 events, hang up). Every
 * event baresip reports (call ringing, established, closed) is kept for the test to wait on. What the caller heard is
 * recorded (sndfile module) for the test to check.
 */
public final class BaresipCaller implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final Socket control;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Thread reader;

    private final int sipPort;

    private BaresipCaller(Path dir, Process process, Socket control, int sipPort) {
        this.sipPort = sipPort;
        this.dir = dir;
        this.process = process;
        this.control = control;
        this.reader = new Thread(this::read, "baresip-ctrl");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts baresip as {@code sip:caller@127.0.0.1}, sending the recording as its microphone.
     *
     * @param codec {@code PCMU} or {@code PCMA}, or baresip's {@code NAME/RATE/CHANNELS}: the only codec it speaks
     */
    public static BaresipCaller start(Path dir, Path recording, String codec) throws IOException, InterruptedException {
        return start(dir, recording, codec, "manual");
    }

    /**
     * Starts baresip as {@code sip:caller@127.0.0.1} that also takes calls, at {@link #uri()}: answered at once with
     * {@code answerMode} {@code auto}, left ringing with {@code manual}.
     */
    public static BaresipCaller start(Path dir, Path recording, String codec, String answerMode)
            throws IOException, InterruptedException {
        Path baresip = Requirements.binary("baresip");
        Files.createDirectories(dir);
        // baresip also listens for SIP over TLS one port above sip_listen: that port must be free too, and neither
        // the control port nor the RTP ports may take it.
        int sip = freePortBelowAFreeOne();
        int ctrl;
        do {
            ctrl = freePort();
        } while (ctrl == sip + 1);
        int rtp;
        do {
            rtp = freePort() & ~1;
        } while (rtp <= sip + 1 && rtp + 20 >= sip);
        Files.writeString(
                dir.resolve("config"),
                String.join(
                        "\n",
                        "poll_method epoll",
                        "sip_listen 127.0.0.1:" + sip,
                        "audio_player alsa,null",
                        "audio_alert alsa,null",
                        "audio_source aufile," + recording.toAbsolutePath(),
                        "module_path /usr/lib/baresip/modules",
                        "module g711.so",
                        "module g722.so",
                        "module aufile.so",
                        "module sndfile.so",
                        "snd_path " + dir.toAbsolutePath(),
                        "module alsa.so",
                        "module ctrl_tcp.so",
                        "module_app account.so",
                        "module_app menu.so",
                        "ctrl_tcp_listen 127.0.0.1:" + ctrl,
                        "rtp_ports " + rtp + "-" + (rtp + 20),
                        ""));
        Files.writeString(
                dir.resolve("accounts"),
                "<sip:caller@127.0.0.1>;regint=0;answermode=" + answerMode + ";audio_codecs="
                        + (codec.contains("/") ? codec : codec + "/8000/1") + "\n");
        Process p = new ProcessBuilder(baresip.toString(), "-f", dir.toString(), "-v")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                Socket s = new Socket("127.0.0.1", ctrl);
                return new BaresipCaller(dir, p, s, sip);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("baresip did not start: " + Files.readString(dir.resolve("baresip.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Where this baresip takes calls (UDP). */
    public String uri() {
        return "sip:caller@127.0.0.1:" + sipPort;
    }

    /** Calls a SIP address. */
    public void dial(String uri) throws IOException {
        command("dial", uri);
    }

    /** Sends keys during the call (RFC 4733 telephone-events where negotiated). */
    public void keys(String keys) throws IOException {
        command("sndcode", keys);
    }

    /** Puts the current call on hold (re-INVITE, sendonly) or takes it off hold. */
    public void hold(boolean on) throws IOException {
        command(on ? "hold" : "resume", "");
    }

    /** Hangs up the current call. */
    public void hangUp() throws IOException {
        command("hangup", "");
    }

    private synchronized void command(String command, String params) throws IOException {
        String body = JSON.createObjectNode()
                .put("command", command)
                .put("params", params)
                .put("token", "t" + tokens.incrementAndGet())
                .toString();
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = control.getOutputStream();
        out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.write(',');
        out.flush();
    }

    private void read() {
        try (InputStream in = control.getInputStream()) {
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    len = len * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(len);
                if (in.read() != ',') {
                    return;
                }
                events.add(JSON.readTree(body));
            }
        } catch (IOException e) {
            // baresip went away
        }
    }

    /** Whether baresip reported this call event (e.g. {@code CALL_ESTABLISHED}, {@code CALL_CLOSED}). */
    public boolean saw(String type) {
        return events.stream().anyMatch(e -> type.equals(e.path("type").asText()));
    }

    /** The first call event of that type, or null. */
    public JsonNode event(String type) {
        return events.stream()
                .filter(e -> type.equals(e.path("type").asText()))
                .findFirst()
                .orElse(null);
    }

    /** Waits for a call event; fails with baresip's log when it does not come. */
    public JsonNode await(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = event(type);
            if (e != null) {
                return e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(
                "baresip reported no " + type + " within " + timeout + "; events " + events + "\nlog:\n" + log());
    }

    /** What the caller heard of the call (decoded audio), once the call is over. */
    public Path heard() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("dump-.*-dec\\.wav"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("baresip recorded nothing in " + dir));
        }
    }

    /** baresip's console output so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException e) {
            // already closed
        }
        Processes.stop(process);
    }

    /** A port free on loopback now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A free port whose next port is free as well. */
    private static int freePortBelowAFreeOne() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = freePort();
            if (port < 65_535) {
                try {
                    new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress()).close();
                    return port;
                } catch (IOException taken) {
                    // Try another.
                }
            }
        }
        throw new IOException("no free port with a free port above it");
    }
}
