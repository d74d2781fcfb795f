package io.cxpulse.agent.line.sip;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How the agent's SIP line is set up: its address of record ({@code sip:USER@DOMAIN}), where it listens (UDP and TCP
 * on the same port), and where it registers, if anywhere, with which password.
 */
public record SipSettings(
        String user, String domain, InetSocketAddress listen, InetSocketAddress registrar, String password) {
    public SipSettings {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(listen, "listen");
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
