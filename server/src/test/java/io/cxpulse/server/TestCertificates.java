package io.cxpulse.server;

import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority and a server certificate it signed for 127.0.0.1 and localhost, made with Debian's
 * {@code openssl} as an administrator would make them.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path otherCaCert) {

    /** Makes the files under {@code dir}; skips (or fails under CI) without {@code openssl}. */
    public static TestCertificates make(Path dir) throws IOException, InterruptedException {
        Path openssl = Requirements.binary("openssl");
        Files.createDirectories(dir);
        Path ext = dir.resolve("server.ext");
        Files.writeString(
                ext,
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        String ec = "ec";
        run(
                dir,
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                ec,
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=CX Pulse test CA");
        run(
                dir,
                openssl.toString(),
                "req",
                "-x509",
                "-newkey",
                ec,
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "other-ca.key",
                "-out",
                "other-ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Someone else");
        run(
                dir,
                openssl.toString(),
                "req",
                "-newkey",
                ec,
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1");
        run(
                dir,
                openssl.toString(),
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext");
        return new TestCertificates(
                dir.resolve("ca.pem"),
                dir.resolve("server.pem"),
                dir.resolve("server.key"),
                dir.resolve("other-ca.pem"));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
