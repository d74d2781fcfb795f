package io.cxpulse.agent.config;

import io.cxpulse.agent.line.sip.SipSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Where the desk's calls come from, as the configuration file says: {@code line = device} (a USB phone adapter, the
 * {@code playback} and {@code capture} devices) or {@code line = sip} (the agent is the phone), with the same SIP
 * options as {@code cx-agent run --line sip}. Every field is described in docs/line.md.
 *
 * @param line {@code device} or {@code sip}
 * @param sipUri the agent's address of record, {@code sip:USER@DOMAIN}
 * @param sipRegistrar where to register, {@code HOST:PORT}, or null
 * @param sipPasswordFile the file holding the SIP password, or null
 * @param sipListen where to listen, {@code HOST:PORT}
 * @param sipTransport {@code udp}, {@code tcp} or {@code tls} toward the registrar
 * @param sipKeepAliveSeconds seconds between keep-alives toward the registrar, 0 for none
 * @param sipCaFile PEM file of the authority that signed the PBX's TLS certificate, or null
 * @param headsetAudio the headset's own audio device, {@code none}, or null for the device named like the headset
 * @param sipTestUri an extension that answers (an echo test) for {@code cx-agent doctor} to call, or null
 * @param lineHook with {@code line = device}: the phone adapter whose HID line hook holds the line during the survey,
 *     or null
 */
public record LineConfig(
        String line,
        String sipUri,
        String sipRegistrar,
        Path sipPasswordFile,
        String sipListen,
        String sipTransport,
        int sipKeepAliveSeconds,
        Path sipCaFile,
        String headsetAudio,
        String sipTestUri,
        String lineHook) {

    private static final Set<String> LINES = Set.of("device", "sip");

    public LineConfig {
        line = line == null || line.isBlank() ? "device" : line.trim().toLowerCase(Locale.ROOT);
        if (!LINES.contains(line)) {
            throw new IllegalArgumentException("line must be device or sip, got " + line);
        }
        sipListen = sipListen == null || sipListen.isBlank() ? "0.0.0.0:5060" : sipListen.trim();
        sipTransport = sipTransport == null || sipTransport.isBlank()
                ? "udp"
                : sipTransport.trim().toLowerCase(Locale.ROOT);
        if (!SipSettings.TRANSPORTS.contains(sipTransport)) {
            throw new IllegalArgumentException("sip.transport must be udp, tcp or tls, got " + sipTransport);
        }
        if (sipKeepAliveSeconds < 0) {
            throw new IllegalArgumentException("sip.keepalive must not be negative");
        }
        if ("sip".equals(line)) {
            try {
                SipSettings.parseUri(sipUri);
                SipSettings.parseHostPort("sip.listen", sipListen, 5060);
                if (sipRegistrar != null) {
                    SipSettings.parseHostPort("sip.registrar", sipRegistrar, 5060);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("--sip-uri", "sip.uri"), e);
            }
        }
    }

    /** Whether the agent is the phone ({@code line = sip}). */
    public boolean sip() {
        return "sip".equals(line);
    }

    /** Reads the line's fields of a configuration file; every problem is named with the file and the field. */
    public static LineConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return new LineConfig(
                    p.getProperty("line"),
                    blankToNull(p.getProperty("sip.uri")),
                    blankToNull(p.getProperty("sip.registrar")),
                    path(p.getProperty("sip.password.file")),
                    p.getProperty("sip.listen"),
                    p.getProperty("sip.transport"),
                    seconds(p.getProperty("sip.keepalive")),
                    path(p.getProperty("sip.ca.file")),
                    blankToNull(p.getProperty("headset.audio")),
                    blankToNull(p.getProperty("sip.test.uri")),
                    blankToNull(p.getProperty("line.hook")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SIP line's settings, reading the password file.
     *
     * @param listen where to listen instead of {@code sip.listen} (a check beside a running agent), or null
     */
    public SipSettings sipSettings(InetSocketAddress listen) throws IOException {
        String[] aor = SipSettings.parseUri(sipUri);
        String password = null;
        if (sipPasswordFile != null) {
            password = Files.readString(sipPasswordFile, StandardCharsets.UTF_8).strip();
        }
        return new SipSettings(
                aor[0],
                aor[1],
                listen != null ? listen : SipSettings.parseHostPort("sip.listen", sipListen, 5060),
                sipRegistrar == null
                        ? null
                        : SipSettings.parseHostPort(
                                "sip.registrar", sipRegistrar, "tls".equals(sipTransport) ? 5061 : 5060),
                password,
                sipTransport,
                sipKeepAliveSeconds,
                sipCaFile);
    }

    private static int seconds(String v) {
        if (v == null || v.isBlank()) {
            return 30;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "sip.keepalive must be a whole number of seconds, got \"" + v.trim() + "\"");
        }
    }

    private static Path path(String v) {
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
