package io.cxpulse.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The link's WebSocket client against a WebSocket server written out byte by byte in the test: the handshake, text in
 * fragments and in pieces (a multi-byte character split across both), ping and pong, masked sends and the closing
 * handshake; and a server that answers without upgrading.
 */
class PlainWebSocketTest {

    /** What the client tells its listener, in order. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            events.add("close:" + code + ":" + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add("error:" + error.getMessage());
        }

        String next() throws InterruptedException {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }
    }

    @Test
    void talksToAWebSocketServer() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> heard = CompletableFuture.supplyAsync(() -> serve(server));
            Recorder recorder = new Recorder();
            URI endpoint = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/agent");
            WebSocket ws = PlainWebSocket.open(endpoint, recorder, null, Duration.ofSeconds(5), "test-socket")
                    .get(10, TimeUnit.SECONDS);

            String big = "中".repeat(PlainWebSocket.PIECE_BYTES / 3 + 5) + "end";
            assertThat(recorder.next()).isEqualTo("text:héllo, 世界");
            assertThat(recorder.next()).isEqualTo("text:" + big);
            ws.sendText("{\"type\":\"hello\",\"name\":\"Zoë\"}", true).get(5, TimeUnit.SECONDS);
            assertThat(recorder.next()).isEqualTo("close:1000:bye");
            assertThat(ws.isInputClosed()).isTrue();

            List<String> frames = heard.get(10, TimeUnit.SECONDS);
            assertThat(frames)
                    .containsExactly(
                            "GET /ws/agent upgrade websocket version 13",
                            "pong:are you there",
                            "text:{\"type\":\"hello\",\"name\":\"Zoë\"}",
                            "close:1000");
        }
    }

    @Test
    void aServerThatDoesNotUpgradeIsRefused() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    readHeaders(s.getInputStream());
                    s.getOutputStream()
                            .write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            URI endpoint = URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/agent");
            CompletableFuture<WebSocket> opened =
                    PlainWebSocket.open(endpoint, new Recorder(), null, Duration.ofSeconds(5), "test-socket");
            assertThat(opened)
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("HTTP 401");
        }
    }

    @Test
    void nothingListeningIsAnError() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        CompletableFuture<WebSocket> opened = PlainWebSocket.open(
                URI.create("ws://127.0.0.1:" + port + "/ws/agent"),
                new Recorder(),
                null,
                Duration.ofSeconds(5),
                "test-socket");
        assertThat(opened).failsWithin(Duration.ofSeconds(10));
    }

    /** The server's side of one conversation; returns what it heard from the client. */
    private static List<String> serve(ServerSocket server) {
        List<String> heard = new ArrayList<>();
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            List<String> request = readHeaders(in);
            String key = header(request, "sec-websocket-key");
            heard.add(request.get(0).replace(" HTTP/1.1", "") + " upgrade " + header(request, "upgrade") + " version "
                    + header(request, "sec-websocket-version"));
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")
                                    .getBytes(StandardCharsets.ISO_8859_1)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));

            // One text message in three fragments, the two bytes of 'é' and the three of '世' split between them.
            byte[] hello = "héllo, 世界".getBytes(StandardCharsets.UTF_8);
            frame(out, false, 0x1, slice(hello, 0, 2));
            frame(out, false, 0x0, slice(hello, 2, 10));
            frame(out, true, 0x0, slice(hello, 10, hello.length));
            // A ping between messages, answered with a pong.
            frame(out, true, 0x9, "are you there".getBytes(StandardCharsets.UTF_8));
            // A message longer than one piece: the client hands it over in pieces.
            byte[] big = ("中".repeat(PlainWebSocket.PIECE_BYTES / 3 + 5) + "end").getBytes(StandardCharsets.UTF_8);
            frame(out, true, 0x1, big);
            out.flush();

            DataInputStream data = new DataInputStream(in);
            heard.add(readClientFrame(data));
            heard.add(readClientFrame(data));
            byte[] bye = "bye".getBytes(StandardCharsets.UTF_8);
            byte[] close = new byte[2 + bye.length];
            close[0] = (byte) (1000 >> 8);
            close[1] = (byte) (1000 & 0xFF);
            System.arraycopy(bye, 0, close, 2, bye.length);
            frame(out, true, 0x8, close);
            out.flush();
            heard.add(readClientFrame(data));
        } catch (Exception e) {
            heard.add("server failed: " + e);
        }
        return heard;
    }

    private static String readClientFrame(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        assertThat(b1 & 0x80).as("client frames are masked").isNotZero();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return switch (b0 & 0x0F) {
            case 0x1 -> "text:" + new String(payload, StandardCharsets.UTF_8);
            case 0x8 -> "close:" + (((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF));
            case 0xA -> "pong:" + new String(payload, StandardCharsets.UTF_8);
            default -> "opcode " + (b0 & 0x0F);
        };
    }

    private static void frame(OutputStream out, boolean fin, int opcode, byte[] payload) throws IOException {
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) payload.length >> (8 * i)) & 0xFF);
            }
        }
        out.write(payload);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] s = new byte[to - from];
        System.arraycopy(b, from, s, 0, s.length);
        return s;
    }

    private static List<String> readHeaders(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return lines;
    }

    private static String header(List<String> request, String name) {
        for (String l : request) {
            int colon = l.indexOf(':');
            if (colon > 0
                    && l.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return l.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
