package io.cxpulse.agent.line.sip;

import io.cxpulse.testkit.Processes;
import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's kamailio as the PBX's registrar and proxy, with a configuration written into a test directory: digest
 * authentication of REGISTER against one password (a wrong password is refused with 403), bindings kept in memory
 * for at most {@code maxExpires} seconds, INVITEs to a registered user relayed to its contact, other requests relayed
 * to their Request-URI, the proxy in the path of every dialog it relays (Record-Route), and OPTIONS to the proxy itself answered 200 (a keep-alive). UDP and TCP on one free
 * loopback port; with a certificate, TLS (its tls module) on another. A client that connects over TCP or TLS is reached
 * over its own connection (an alias of the port in its Via), as a PBX reaches clients it cannot connect back to.
 */
public final class Kamailio implements AutoCloseable {
    private final Path dir;
    private final Process process;
    public final int port;
    /** The TLS port, or -1 without TLS. */
    public final int tlsPort;

    private Kamailio(Path dir, Process process, int port, int tlsPort) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    public static Kamailio start(Path dir, String password, int maxExpires) throws IOException, InterruptedException {
        return start(dir, password, maxExpires, null, null);
    }

    /** Also listens for TLS with this certificate (PEM) and private key (Debian's kamailio-tls-modules). */
    public static Kamailio start(Path dir, String password, int maxExpires, Path certificate, Path key)
            throws IOException, InterruptedException {
        return start(dir, password, maxExpires, certificate, key, false);
    }

    /**
     * A PBX that strips RFC 4733 telephone-events from the session descriptions it relays back (its sdpops module),
     * as a PBX does whose DTMF setting is not RFC 4733.
     */
    public static Kamailio startStrippingKeys(Path dir, String password) throws IOException, InterruptedException {
        return start(dir, password, 60, null, null, true);
    }

    private static Kamailio start(
            Path dir, String password, int maxExpires, Path certificate, Path key, boolean stripKeys)
            throws IOException, InterruptedException {
        Path kamailio = Requirements.binary("kamailio");
        Files.createDirectories(dir);
        int port = BaresipCaller.freePort();
        int tlsPort = certificate == null ? -1 : BaresipCaller.freePort();
        Path modules;
        try (Stream<Path> found = Stream.of(
                        Path.of("/usr/lib/x86_64-linux-gnu/kamailio/modules"),
                        Path.of("/usr/lib/aarch64-linux-gnu/kamailio/modules"),
                        Path.of("/usr/lib/kamailio/modules"))
                .filter(p -> Files.exists(p.resolve("registrar.so")))) {
            modules = found.findFirst().orElseThrow(() -> new IOException("kamailio's modules are not installed"));
        }
        if (certificate != null && !Files.exists(modules.resolve("tls.so"))) {
            Requirements.missing("kamailio's tls module is not installed (Debian package kamailio-tls-modules)");
        }
        String tls = "";
        if (certificate != null) {
            Path tlsCfg = dir.resolve("tls.cfg");
            Files.writeString(
                    tlsCfg,
                    String.join(
                            "\n",
                            "[server:default]",
                            "method = TLSv1.2+",
                            "verify_certificate = no",
                            "require_certificate = no",
                            "certificate = " + certificate.toAbsolutePath(),
                            "private_key = " + key.toAbsolutePath(),
                            "",
                            "[client:default]",
                            "method = TLSv1.2+",
                            "verify_certificate = no",
                            "require_certificate = no",
                            ""));
            tls = String.join(
                    "\n",
                    "enable_tls=yes",
                    "listen=tls:127.0.0.1:" + tlsPort,
                    "loadmodule \"" + modules + "/tls.so\"",
                    "modparam(\"tls\", \"config\", \"" + tlsCfg.toAbsolutePath() + "\")",
                    "");
        }
        String cfg = String.join(
                "\n",
                "#!KAMAILIO",
                "debug=2",
                "log_stderror=yes",
                "children=2",
                "tcp_children=2",
                "auto_aliases=no",
                "listen=udp:127.0.0.1:" + port,
                "listen=tcp:127.0.0.1:" + port,
                tls,
                "mpath=\"" + modules + "/\"",
                "loadmodule \"kex.so\"",
                "loadmodule \"tm.so\"",
                "loadmodule \"sl.so\"",
                "loadmodule \"pv.so\"",
                "loadmodule \"maxfwd.so\"",
                "loadmodule \"textops.so\"",
                "loadmodule \"siputils.so\"",
                "loadmodule \"xlog.so\"",
                "loadmodule \"usrloc.so\"",
                "loadmodule \"registrar.so\"",
                "loadmodule \"auth.so\"",
                "loadmodule \"rr.so\"",
                stripKeys ? "loadmodule \"sdpops.so\"" : "",
                "modparam(\"usrloc\", \"db_mode\", 0)",
                "modparam(\"registrar\", \"min_expires\", 1)",
                "modparam(\"registrar\", \"max_expires\", " + maxExpires + ")",
                "request_route {",
                "    if (!mf_process_maxfwd_header(\"10\")) { sl_send_reply(\"483\", \"Too Many Hops\"); exit; }",
                "    if (proto == TCP || proto == TLS) { force_tcp_alias(); }", // requests to the client reuse its
                // connection
                "    if (is_method(\"OPTIONS\") && uri == myself && $rU == $null) {",
                "        xlog(\"L_INFO\", \"keep-alive OPTIONS from $si:$sp\\n\");",
                "        sl_send_reply(\"200\", \"Keepalive\");",
                "        exit;",
                "    }",
                "    if (is_method(\"REGISTER\")) {",
                "        pv_auth_check(\"$fd\", \"" + password + "\", \"0\", \"1\");",
                "        $var(rc) = $rc;",
                "        if ($var(rc) == -2) { sl_send_reply(\"403\", \"Forbidden\"); exit; }",
                "        if ($var(rc) < 0) { auth_challenge(\"$fd\", \"0\"); exit; }",
                "        consume_credentials();",
                "        xlog(\"L_INFO\", \"REGISTER of $fu accepted\\n\");",
                "        if (!save(\"location\")) { sl_reply_error(); }",
                "        exit;",
                "    }",
                "    if (is_method(\"CANCEL\")) { if (t_check_trans()) { t_relay(); } exit; }",
                "    if (has_totag()) {",
                "        if (loose_route()) { t_relay(); exit; }",
                "        if (t_check_trans()) { t_relay(); exit; }",
                "        sl_send_reply(\"404\", \"Not here\");",
                "        exit;",
                "    }",
                "    if (uri == myself) {",
                "        if (!lookup(\"location\")) { sl_send_reply(\"404\", \"Not Found\"); exit; }",
                "    }",
                "    remove_hf(\"Route\");",
                "    if (is_method(\"INVITE\")) { record_route(); }",
                "    t_relay();",
                "}",
                stripKeys
                        ? "onreply_route { if (has_body(\"application/sdp\")) {"
                                + " sdp_remove_codecs_by_name(\"telephone-event\"); } }"
                        : "",
                "");
        Path file = dir.resolve("kamailio.cfg");
        Files.writeString(file, cfg);
        Process p = new ProcessBuilder(
                        kamailio.toString(),
                        "-f",
                        file.toString(),
                        "-DD",
                        "-E",
                        "-m",
                        certificate == null ? "32" : "64",
                        "-M",
                        "8",
                        "-Y",
                        dir.toString(),
                        "-P",
                        dir.resolve("kamailio.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("kamailio.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                new Socket("127.0.0.1", port).close();
                return new Kamailio(dir, p, port, tlsPort);
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException(
                            "kamailio did not start:\n" + Files.readString(dir.resolve("kamailio.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** kamailio's log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
