package io.cxpulse.agent.line.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call: G.711 audio in RTP over one UDP socket, 20 ms a packet. Received audio passes through a
 * {@link JitterBuffer} and leaves, one frame every 20 ms, to whatever {@link Audio} is plugged in; audio to send is
 * asked for on the same tick. RFC 4733 telephone-events go to a {@link KeyEvents.Listener}. RTP is symmetric: once
 * the first valid packet arrives, audio is sent back to where it came from (the far end may sit behind NAT) and
 * packets from anywhere else are dropped. Anything that is not RTP of a negotiated payload is counted and dropped.
 */
public final class RtpSession implements AutoCloseable {
    /** Samples in one packet: 20 ms at 8 kHz. */
    public static final int FRAME = 160;

    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the call's audio goes and comes from, one frame per 20 ms tick, on the session's clock thread. */
    public interface Audio {
        /** A frame heard from the far end (silence when nothing arrived in time). */
        void received(short[] frame);

        /** The next frame to send; null sends silence. */
        short[] toSend();
    }

    private final DatagramSocket socket;
    private final JitterBuffer jitter = new JitterBuffer(FRAME, 3, 50);
    private final long ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final String name;

    private volatile InetSocketAddress remote;
    private volatile boolean latched;
    private volatile boolean sending = true;
    private volatile boolean closed;
    private AudioCodec codec;
    private int eventPayloadType = -1;
    private Audio audio;
    private KeyEvents keys;
    private ScheduledExecutorService clock;
    private Thread receiver;
    private int sequence = RANDOM.nextInt(0x10000);
    private long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    private boolean first = true;

    /** Opens the socket on a free port of the given local address. */
    public RtpSession(InetAddress bind, String name) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(bind, 0));
        this.socket.setSoTimeout(250);
        this.name = name;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * Starts sending to and receiving from the far end.
     *
     * @param eventPayloadType the negotiated telephone-event payload type, or -1 when none was negotiated
     */
    public synchronized void start(
            InetSocketAddress remote, AudioCodec codec, int eventPayloadType, Audio audio, KeyEvents.Listener keys) {
        if (clock != null) {
            throw new IllegalStateException("RTP session " + name + " already started");
        }
        this.remote = Objects.requireNonNull(remote);
        this.codec = Objects.requireNonNull(codec);
        this.eventPayloadType = eventPayloadType;
        this.audio = Objects.requireNonNull(audio);
        this.keys = new KeyEvents(keys);
        clock = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cx-rtp-clock-" + name));
        clock.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
        receiver = daemon(this::receive, "cx-rtp-in-" + name);
        receiver.start();
    }

    /** Where to send now (a re-INVITE moved the far end); symmetric latching starts over. */
    public void remote(InetSocketAddress address) {
        this.remote = Objects.requireNonNull(address);
        this.latched = false;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Stops or resumes sending audio (hold). Receiving goes on. */
    public void sending(boolean on) {
        this.sending = on;
    }

    /** Valid packets received from the far end. */
    public long received() {
        return received.get();
    }

    /** Datagrams dropped: not RTP, an unnegotiated payload, or from a stranger. */
    public long rejected() {
        return rejected.get();
    }

    private void tick() {
        try {
            short[] in = jitter.poll();
            audio.received(in == null ? new short[FRAME] : in);
            short[] out = audio.toSend();
            if (out == null || out.length != FRAME) {
                out = new short[FRAME];
            }
            if (sending) {
                send(codec.payloadType(), first, codec.encode(out));
                first = false;
            } else {
                first = true; // the next talk spurt after hold starts with the marker bit
            }
            timestamp = (timestamp + FRAME) & 0xFFFF_FFFFL;
        } catch (RuntimeException e) {
            log.warn("RTP {}: media tick failed: {}", name, e.toString());
        }
    }

    private void send(int pt, boolean marker, byte[] payload) {
        InetSocketAddress to = remote;
        RtpPacket p = new RtpPacket(pt, marker, sequence, timestamp, ssrc, payload);
        sequence = (sequence + 1) & 0xFFFF;
        byte[] data = p.encode();
        try {
            socket.send(new DatagramPacket(data, data.length, to));
        } catch (IOException e) {
            if (!closed) {
                log.debug("RTP {}: send to {} failed: {}", name, to, e.toString());
            }
        }
    }

    private void receive() {
        byte[] buf = new byte[2048];
        DatagramPacket dp = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                dp.setLength(buf.length);
                socket.receive(dp);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("RTP {}: receive failed: {}", name, e.toString());
                }
                return;
            }
            handle(dp);
        }
    }

    private void handle(DatagramPacket dp) {
        RtpPacket p;
        try {
            p = RtpPacket.parse(dp.getData(), dp.getLength());
        } catch (IllegalArgumentException e) {
            rejected.incrementAndGet();
            return;
        }
        boolean audioPacket = p.payloadType() == codec.payloadType();
        boolean eventPacket = eventPayloadType >= 0 && p.payloadType() == eventPayloadType;
        if (!audioPacket && !eventPacket) {
            rejected.incrementAndGet();
            return;
        }
        InetSocketAddress from = (InetSocketAddress) dp.getSocketAddress();
        if (!latched) {
            remote = from;
            latched = true;
        } else if (!from.equals(remote)) {
            rejected.incrementAndGet();
            return;
        }
        received.incrementAndGet();
        if (audioPacket) {
            jitter.put(p.timestamp(), codec.decode(p.payload()));
        } else {
            try {
                keys.packet(p.timestamp(), TelephoneEvent.parse(p.payload()));
            } catch (IllegalArgumentException e) {
                rejected.incrementAndGet();
            }
        }
    }

    /** Forgets buffered audio from the far end (the audio's consumer is about to change). */
    public void flush() {
        jitter.clear();
    }

    @Override
    public void close() {
        closed = true;
        ScheduledExecutorService c;
        synchronized (this) {
            c = clock;
        }
        if (c != null) {
            c.shutdownNow();
        }
        socket.close();
        Thread r = receiver;
        if (r != null && r != Thread.currentThread()) {
            try {
                r.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
