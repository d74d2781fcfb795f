package io.cxpulse.agent.line.sip;

import io.cxpulse.agent.line.rtp.AudioCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of SDP (RFC 4566) and offer/answer (RFC 3264) a telephone line needs: the first audio stream of an offer,
 * its address, payload types and direction; and the answer: the first of the offer's payloads that is PCMU or PCMA,
 * plus telephone-event when offered. Parsing is bounded: an offer larger than {@link #MAX_BYTES} or with more than
 * {@link #MAX_LINES} lines is refused before it is read, and names are never resolved (addresses must be literal).
 */
public final class Sdp {
    /** Largest session description accepted; a telephone call's is under 1 KiB. */
    public static final int MAX_BYTES = 8 * 1024;
    /** Most lines accepted. */
    public static final int MAX_LINES = 200;

    private Sdp() {}

    /** Media direction (RFC 3264 section 5.1). */
    public enum Direction {
        SENDRECV,
        SENDONLY,
        RECVONLY,
        INACTIVE;

        public String attribute() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The direction this side answers with. */
        public Direction reverse() {
            return switch (this) {
                case SENDONLY -> RECVONLY;
                case RECVONLY -> SENDONLY;
                default -> this;
            };
        }

        /** Whether this side sends media in this direction. */
        public boolean sends() {
            return this == SENDRECV || this == SENDONLY;
        }

        /** Whether this side receives media in this direction. */
        public boolean receives() {
            return this == SENDRECV || this == RECVONLY;
        }

        /** The direction that sends and receives only where both this one and {@code other} do. */
        public Direction and(Direction other) {
            return of(sends() && other.sends(), receives() && other.receives());
        }

        /** The direction of a side that sends and receives as told. */
        public static Direction of(boolean sends, boolean receives) {
            if (sends) {
                return receives ? SENDRECV : SENDONLY;
            }
            return receives ? RECVONLY : INACTIVE;
        }

        /**
         * What this side answers to an offer with this direction when it holds the call itself or not (RFC 3264
         * section 6.1; a side on hold sends only).
         */
        public Direction answer(boolean holding) {
            return reverse().and(holding ? SENDONLY : SENDRECV);
        }
    }

    /** The audio stream of a session description. */
    public record Media(
            InetSocketAddress address, List<Integer> payloadTypes, Map<Integer, String> rtpmap, Direction direction) {

        /** The codec to answer with: the first offered that this line speaks, or null. */
        public AudioCodec codec() {
            for (int pt : payloadTypes) {
                String name = rtpmap.get(pt);
                AudioCodec c = name != null ? AudioCodec.named(name.split("/")[0]) : AudioCodec.ofPayloadType(pt);
                if (c != null
                        && (name == null || name.toLowerCase(Locale.ROOT).endsWith("/8000") || !name.contains("/"))) {
                    return c;
                }
            }
            return null;
        }

        /** The payload type offered for telephone-event at 8 kHz, or -1. */
        public int telephoneEvent() {
            for (int pt : payloadTypes) {
                String name = rtpmap.get(pt);
                if (name != null && name.toLowerCase(Locale.ROOT).startsWith("telephone-event/8000")) {
                    return pt;
                }
            }
            return -1;
        }

        /** Whether the far end puts the call on hold with this description. */
        public boolean hold() {
            return direction == Direction.SENDONLY
                    || direction == Direction.INACTIVE
                    || address.getAddress().isAnyLocalAddress();
        }
    }

    /** Parses the first audio stream of a session description; throws {@link SdpException} with the reason. */
    public static Media parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new SdpException("no session description");
        }
        if (body.length > MAX_BYTES) {
            throw new SdpException("session description of " + body.length + " bytes is over " + MAX_BYTES);
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new SdpException("session description of " + lines.length + " lines is over " + MAX_LINES);
        }
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> pts = null;
        Map<Integer, String> rtpmap = new HashMap<>();
        Direction sessionDirection = Direction.SENDRECV;
        Direction mediaDirection = null;
        boolean inAudio = false;
        boolean done = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.length() < 2 || line.charAt(1) != '=') {
                if (!line.isEmpty()) {
                    throw new SdpException("malformed line \"" + abbreviate(line) + "\"");
                }
                continue;
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (inAudio) {
                    done = true; // only the first audio stream is used
                }
                inAudio = !done && value.startsWith("audio ");
                if (inAudio) {
                    String[] f = value.split(" +");
                    if (f.length < 4 || !f[2].toUpperCase(Locale.ROOT).startsWith("RTP/AVP")) {
                        throw new SdpException("audio stream \"" + abbreviate(line) + "\" is not RTP/AVP");
                    }
                    port = number(f[1].split("/")[0], 0, 65535, "port");
                    pts = new ArrayList<>();
                    for (int i = 3; i < f.length; i++) {
                        pts.add(number(f[i], 0, 127, "payload type"));
                    }
                }
                continue;
            }
            if (done) {
                continue;
            }
            if (type == 'c') {
                String[] f = value.split(" +");
                if (f.length < 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
                    throw new SdpException("connection \"" + abbreviate(line) + "\" is not IN IP4/IP6");
                }
                if (inAudio) {
                    mediaAddress = f[2].split("/")[0];
                } else if (pts == null) {
                    sessionAddress = f[2].split("/")[0];
                }
            } else if (type == 'a') {
                Direction d = direction(value);
                if (d != null) {
                    if (inAudio) {
                        mediaDirection = d;
                    } else if (pts == null) {
                        sessionDirection = d;
                    }
                } else if (inAudio && value.startsWith("rtpmap:")) {
                    String[] f = value.substring(7).split(" +", 2);
                    if (f.length == 2) {
                        rtpmap.put(number(f[0], 0, 127, "rtpmap payload type"), f[1].trim());
                    }
                }
            }
        }
        if (pts == null) {
            throw new SdpException("no audio stream");
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (address == null) {
            throw new SdpException("no connection address for the audio stream");
        }
        return new Media(
                new InetSocketAddress(literal(address), port),
                List.copyOf(pts),
                Map.copyOf(rtpmap),
                mediaDirection != null ? mediaDirection : sessionDirection);
    }

    /** An answer (or offer) for one audio stream of the given codec, with telephone-event when {@code eventPt >= 0}. */
    public static String describe(
            long sessionId, long version, String address, int port, AudioCodec codec, int eventPt, Direction dir) {
        String ip = address.contains(":") ? "IP6" : "IP4";
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\n");
        sb.append("o=cx-agent ").append(sessionId).append(' ').append(version);
        sb.append(" IN ").append(ip).append(' ').append(address).append("\r\n");
        sb.append("s=CX Pulse\r\n");
        sb.append("c=IN ").append(ip).append(' ').append(address).append("\r\n");
        sb.append("t=0 0\r\n");
        sb.append("m=audio ").append(port).append(" RTP/AVP ").append(codec.payloadType());
        if (eventPt >= 0) {
            sb.append(' ').append(eventPt);
        }
        sb.append("\r\n");
        sb.append("a=rtpmap:")
                .append(codec.payloadType())
                .append(' ')
                .append(codec.name())
                .append("/8000\r\n");
        if (eventPt >= 0) {
            sb.append("a=rtpmap:").append(eventPt).append(" telephone-event/8000\r\n");
            sb.append("a=fmtp:").append(eventPt).append(" 0-15\r\n");
        }
        sb.append("a=ptime:20\r\n");
        sb.append("a=").append(dir.attribute()).append("\r\n");
        return sb.toString();
    }

    /**
     * An offer for one audio stream: PCMU and PCMA (in that order of preference) and telephone-event on
     * {@code eventPt}, as the agent sends when it places a call or changes the direction of one.
     */
    public static String offer(long sessionId, long version, String address, int port, int eventPt, Direction dir) {
        String ip = address.contains(":") ? "IP6" : "IP4";
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\n");
        sb.append("o=cx-agent ").append(sessionId).append(' ').append(version);
        sb.append(" IN ").append(ip).append(' ').append(address).append("\r\n");
        sb.append("s=CX Pulse\r\n");
        sb.append("c=IN ").append(ip).append(' ').append(address).append("\r\n");
        sb.append("t=0 0\r\n");
        sb.append("m=audio ").append(port).append(" RTP/AVP");
        for (AudioCodec c : AudioCodec.values()) {
            sb.append(' ').append(c.payloadType());
        }
        sb.append(' ').append(eventPt).append("\r\n");
        for (AudioCodec c : AudioCodec.values()) {
            sb.append("a=rtpmap:")
                    .append(c.payloadType())
                    .append(' ')
                    .append(c.name())
                    .append("/8000\r\n");
        }
        sb.append("a=rtpmap:").append(eventPt).append(" telephone-event/8000\r\n");
        sb.append("a=fmtp:").append(eventPt).append(" 0-15\r\n");
        sb.append("a=ptime:20\r\n");
        sb.append("a=").append(dir.attribute()).append("\r\n");
        return sb.toString();
    }

    private static Direction direction(String attribute) {
        for (Direction d : Direction.values()) {
            if (d.attribute().equals(attribute)) {
                return d;
            }
        }
        return null;
    }

    private static int number(String s, int min, int max, String what) {
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SdpException(what + " \"" + abbreviate(s) + "\" is not a number in " + min + "-" + max);
    }

    private static InetAddress literal(String address) {
        boolean v4 = address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = address.matches("[0-9A-Fa-f:.]+") && address.contains(":");
        if (!v4 && !v6) {
            throw new SdpException("connection address \"" + abbreviate(address) + "\" is not an IP literal");
        }
        try {
            return InetAddress.getByName(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new SdpException("connection address \"" + abbreviate(address) + "\" is invalid");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** A session description that cannot be used, and why. */
    public static final class SdpException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public SdpException(String message) {
            super(message);
        }
    }
}
