package io.cxpulse.agent.line.sip;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the agent's SIP line is set up: its address of record ({@code sip:USER@DOMAIN}), where it listens (UDP and TCP
 * on the same port, TLS on the next one when the transport is TLS), where it registers, if anywhere, with which
 * password, over which transport it reaches the registrar (its outbound proxy too), how often it keeps that path
 * alive, and which certificate authority it trusts for TLS.
 *
 * @param transport {@code udp}, {@code tcp} or {@code tls}: toward the registrar and for the calls the agent places
 * @param keepAliveSeconds seconds between keep-alives toward the registrar (0: none): a CRLF ping (RFC 5626) on TCP
 *     and TLS, an OPTIONS request on UDP
 * @param caFile PEM file of the certificate authorities trusted for TLS, or null for the JVM's own
 */
public record SipSettings(
        String user,
        String domain,
        InetSocketAddress listen,
        InetSocketAddress registrar,
        String password,
        String transport,
        int keepAliveSeconds,
        Path caFile) {
    /** Transports the line speaks. */
    public static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");

    public SipSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(listen, "listen");
        transport = transport == null ? "udp" : transport.toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("--sip-transport must be udp, tcp or tls, not " + transport);
        }
        if (keepAliveSeconds < 0) {
            throw new IllegalArgumentException("--sip-keepalive must not be negative");
        }
    }

    /** UDP toward the registrar, keep-alives every 30 s, the JVM's certificate authorities. */
    public SipSettings(
            String user, String domain, InetSocketAddress listen, InetSocketAddress registrar, String password) {
        this(user, domain, listen, registrar, password, "udp", 30, null);
    }

    /** Parses {@code sip:USER@DOMAIN}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static String[] parseUri(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "sip:", 0, 4)) {
            throw new IllegalArgumentException("--sip-uri must look like sip:USER@DOMAIN, not " + uri);
        }
        String rest = uri.substring(4);
        int at = rest.indexOf('@');
        if (at <= 0 || at == rest.length() - 1 || !rest.substring(0, at).matches("[A-Za-z0-9._!~*'()&=+$,;?/%-]+")) {
            throw new IllegalArgumentException("--sip-uri must look like sip:USER@DOMAIN, not " + uri);
        }
        String domain = rest.substring(at + 1);
        if (!domain.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            throw new IllegalArgumentException("--sip-uri has an invalid domain: " + uri);
        }
        return new String[] {rest.substring(0, at), domain};
    }

    /** Parses {@code HOST:PORT} (an IPv6 host in brackets); throws {@link IllegalArgumentException} naming the option. */
    public static InetSocketAddress parseHostPort(String option, String value, int defaultPort) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " must be HOST:PORT");
        }
        String host = value;
        int port = defaultPort;
        int colon = value.lastIndexOf(':');
        if (colon > 0 && value.indexOf(']') < colon) {
            host = value.substring(0, colon);
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " " + value + ": the port is not a number");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " " + value + ": the port is out of 0-65535");
        }
        host = host.replace("[", "").replace("]", "");
        return InetSocketAddress.createUnresolved(host, port);
    }
}
