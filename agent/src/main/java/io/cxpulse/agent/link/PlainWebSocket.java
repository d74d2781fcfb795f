package io.cxpulse.agent.link;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client (RFC 6455) on a plain blocking socket, for the link's one connection: the opening handshake, text
 * messages, ping and close. It needs none of the JDK's HTTP client (several hundred classes, a selector thread and its
 * buffers) and, for a {@code ws://} server, no TLS at all. Each connection has one thread, which connects, then reads
 * and hands what arrives to the {@link WebSocket.Listener} in order; sends write on the caller's thread.
 *
 * <p>Text arrives to the listener in pieces of at most {@link #PIECE_BYTES} bytes, {@code last} marking a message's
 * end; binary messages are ignored; the listener's {@code request} demand is honoured for text.
 */
final class PlainWebSocket implements WebSocket {
    /** Largest piece of a message decoded at once. */
    static final int PIECE_BYTES = 16 * 1024;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_CONTROL_BYTES = 125;

    private final Socket socket;
    private final OutputStream out;
    private final SecureRandom random;
    private final Object demandLock = new Object();
    private long demand;
    private volatile boolean outputClosed;
    private volatile boolean inputClosed;
    private volatile boolean aborted;

    private PlainWebSocket(Socket socket, SecureRandom random) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.random = random;
    }

    /**
     * Connects to {@code endpoint} ({@code ws://} or {@code wss://}) on a new thread named {@code threadName}; the
     * future completes with the open socket, or fails with why it could not open. {@code tls} decides which servers
     * a {@code wss://} connection trusts (null: the JDK's default trust).
     */
    static CompletableFuture<WebSocket> open(
            URI endpoint, Listener listener, SSLContext tls, Duration timeout, String threadName) {
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        Thread t = new Thread(() -> run(endpoint, listener, tls, timeout, opened), threadName);
        t.setDaemon(true);
        t.start();
        return opened;
    }

    private static void run(
            URI endpoint, Listener listener, SSLContext tls, Duration timeout, CompletableFuture<WebSocket> opened) {
        PlainWebSocket ws;
        InputStream in;
        try {
            SecureRandom random = new SecureRandom();
            Socket socket = connect(endpoint, tls, timeout);
            try {
                in = new BufferedInputStream(socket.getInputStream());
                handshake(endpoint, socket, in, random);
                socket.setSoTimeout(0);
                ws = new PlainWebSocket(socket, random);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            opened.completeExceptionally(e);
            return;
        }
        if (!opened.complete(ws)) {
            ws.abort();
            return;
        }
        ws.read(in, listener);
    }

    private static Socket connect(URI endpoint, SSLContext tls, Duration timeout)
            throws IOException, GeneralSecurityException {
        boolean secure = "wss".equals(endpoint.getScheme());
        String host = endpoint.getHost();
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : secure ? 443 : 80;
        int millis = (int) timeout.toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(millis);
            if (!secure) {
                return plain;
            }
            SSLContext context = tls != null ? tls : SSLContext.getDefault();
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static void handshake(URI endpoint, Socket socket, InputStream in, SecureRandom random)
            throws IOException, GeneralSecurityException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (endpoint.getRawQuery() != null) {
            path += "?" + endpoint.getRawQuery();
        }
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getRawAuthority().replaceFirst("^.*@", "") + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        String status = headerLine(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP response: " + status);
        }
        if (!parts[1].equals("101")) {
            throw new IOException(
                    "the server refused the WebSocket: HTTP " + parts[1] + (parts.length > 2 ? " " + parts[2] : ""));
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        for (String line = headerLine(in); !line.isEmpty(); line = headerLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header in the server's answer: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                default -> {}
            }
        }
        String expected = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1)));
        if (upgrade == null
                || !upgrade.equalsIgnoreCase("websocket")
                || connection == null
                || !connection.toLowerCase(Locale.ROOT).contains("upgrade")
                || !expected.equals(accept)) {
            throw new ProtocolException("the server's answer is not a WebSocket upgrade");
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the server closed the connection during the WebSocket handshake");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw new ProtocolException("the server's handshake answer is too long");
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Reads frames until the connection ends, telling the listener; on this connection's own thread. */
    private void read(InputStream in, Listener listener) {
        listener.onOpen(this);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        boolean inText = false;
        boolean inBinary = false;
        ByteBuffer bytes = ByteBuffer.allocate(PIECE_BYTES + 4);
        CharBuffer chars = CharBuffer.allocate(PIECE_BYTES + 4);
        try {
            while (true) {
                int b0 = readByte(in);
                int b1 = readByte(in);
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                if ((b0 & 0x70) != 0) {
                    throw new ProtocolException("frame with reserved bits set");
                }
                if ((b1 & 0x80) != 0) {
                    throw new ProtocolException("masked frame from the server");
                }
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = ((long) readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte(in);
                    }
                    if (length < 0) {
                        throw new ProtocolException("frame length out of range");
                    }
                }
                if (opcode >= 0x8) {
                    if (!fin || length > MAX_CONTROL_BYTES) {
                        throw new ProtocolException("fragmented or oversized control frame");
                    }
                    byte[] payload = readFully(in, (int) length);
                    if (opcode == 0x8) {
                        closeReceived(payload, listener);
                        return;
                    } else if (opcode == 0x9) {
                        writeFrame(0xA, payload, 0, payload.length);
                    } else if (opcode != 0xA) {
                        throw new ProtocolException("unknown control frame " + opcode);
                    }
                    continue;
                }
                boolean text;
                if (opcode == 0x0) {
                    if (!inText && !inBinary) {
                        throw new ProtocolException("continuation frame without a message");
                    }
                    text = inText;
                } else if (opcode == 0x1 || opcode == 0x2) {
                    if (inText || inBinary) {
                        throw new ProtocolException("new message before the last one ended");
                    }
                    text = opcode == 0x1;
                } else {
                    throw new ProtocolException("unknown frame " + opcode);
                }
                inText = text && !fin;
                inBinary = !text && !fin;
                if (!text) {
                    skip(in, length);
                    continue;
                }
                long left = length;
                do {
                    int n = (int) Math.min(left, PIECE_BYTES);
                    if (in.readNBytes(bytes.array(), bytes.position(), n) < n) {
                        throw new EOFException("the server closed the connection");
                    }
                    bytes.position(bytes.position() + n);
                    left -= n;
                    boolean end = fin && left == 0;
                    bytes.flip();
                    chars.clear();
                    var result = decoder.decode(bytes, chars, end);
                    if (result.isError()) {
                        result.throwException();
                    }
                    if (end) {
                        decoder.flush(chars);
                        decoder.reset();
                    }
                    bytes.compact();
                    chars.flip();
                    if (chars.hasRemaining() || end) {
                        awaitDemand();
                        CompletionStage<?> done = listener.onText(this, chars.toString(), end);
                        if (done != null) {
                            done.toCompletableFuture().join();
                        }
                    }
                } while (left > 0);
            }
        } catch (IOException | RuntimeException e) {
            inputClosed = true;
            if (!aborted) {
                abort();
                listener.onError(this, e);
            }
        } catch (InterruptedException e) {
            abort();
        }
    }

    private void closeReceived(byte[] payload, Listener listener) throws IOException {
        inputClosed = true;
        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : NORMAL_CLOSURE;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        if (!outputClosed) {
            sendClose(code == 1005 ? NORMAL_CLOSURE : code, "");
        }
        if (!aborted) {
            listener.onClose(this, code, reason);
        }
        abort();
    }

    private void awaitDemand() throws InterruptedException {
        synchronized (demandLock) {
            while (demand == 0 && !aborted) {
                demandLock.wait();
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
        }
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] data = in.readNBytes(n);
        if (data.length < n) {
            throw new EOFException("the server closed the connection");
        }
        return data;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                readByte(in);
                skipped = 1;
            }
            n -= skipped;
        }
    }

    /** Writes one masked frame; sends from any thread are written one whole frame at a time. */
    private void writeFrame(int opcode, byte[] payload, int offset, int length) throws IOException {
        byte[] mask = new byte[4];
        byte[] frame;
        int at;
        synchronized (out) {
            random.nextBytes(mask);
            if (length < 126) {
                frame = new byte[2 + 4 + length];
                frame[1] = (byte) (0x80 | length);
                at = 2;
            } else if (length <= 0xFFFF) {
                frame = new byte[4 + 4 + length];
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (length >> 8);
                frame[3] = (byte) length;
                at = 4;
            } else {
                frame = new byte[10 + 4 + length];
                frame[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    frame[2 + i] = (byte) ((long) length >> (56 - 8 * i));
                }
                at = 10;
            }
            frame[0] = (byte) (0x80 | opcode);
            System.arraycopy(mask, 0, frame, at, 4);
            at += 4;
            for (int i = 0; i < length; i++) {
                frame[at + i] = (byte) (payload[offset + i] ^ mask[i & 3]);
            }
            out.write(frame);
            out.flush();
        }
    }

    @Override
    public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
        if (!last) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("messages are sent whole"));
        }
        return send(0x1, data.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the link sends text only"));
    }

    @Override
    public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        return send(0x9, payload);
    }

    @Override
    public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        return send(0xA, payload);
    }

    @Override
    public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, MAX_CONTROL_BYTES - 2)];
        payload[0] = (byte) (statusCode >> 8);
        payload[1] = (byte) statusCode;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        CompletableFuture<WebSocket> sent = send(0x8, payload);
        outputClosed = true;
        return sent;
    }

    private CompletableFuture<WebSocket> send(int opcode, byte[] payload) {
        if (outputClosed || aborted) {
            return CompletableFuture.failedFuture(new IOException("the WebSocket is closed"));
        }
        try {
            writeFrame(opcode, payload, 0, payload.length);
            return CompletableFuture.completedFuture(this);
        } catch (IOException e) {
            abort();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("demand must be positive, got " + n);
        }
        synchronized (demandLock) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            demandLock.notifyAll();
        }
    }

    @Override
    public String getSubprotocol() {
        return "";
    }

    @Override
    public boolean isOutputClosed() {
        return outputClosed || aborted;
    }

    @Override
    public boolean isInputClosed() {
        return inputClosed || aborted;
    }

    @Override
    public void abort() {
        aborted = true;
        outputClosed = true;
        inputClosed = true;
        synchronized (demandLock) {
            demandLock.notifyAll();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do; there is nothing to tell.
        }
    }
}
