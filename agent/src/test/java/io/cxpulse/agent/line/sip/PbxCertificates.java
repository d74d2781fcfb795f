package io.cxpulse.agent.line.sip;

import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PBX's TLS certificate for 127.0.0.1, signed by a private certificate authority, and a second authority that
 * signed nothing of it, made with Debian's {@code openssl} as a PBX administrator would make them.
 */
public record PbxCertificates(Path caCert, Path pbxCert, Path pbxKey, Path otherCaCert) {

    /** Makes the files under {@code dir}; skips (or fails under CI) without {@code openssl}. */
    public static PbxCertificates make(Path dir) throws IOException, InterruptedException {
        String openssl = Requirements.binary("openssl").toString();
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("pbx.ext"),
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n"
                        + "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        for (String ca : List.of("ca", "other-ca")) {
            run(
                    dir,
                    openssl,
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    ca + ".key",
                    "-out",
                    ca + ".pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=" + ca + " of the contact center");
        }
        run(
                dir,
                openssl,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "pbx.key",
                "-out",
                "pbx.csr",
                "-subj",
                "/CN=127.0.0.1");
        run(
                dir,
                openssl,
                "x509",
                "-req",
                "-in",
                "pbx.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "pbx.pem",
                "-days",
                "2",
                "-extfile",
                "pbx.ext");
        return new PbxCertificates(
                dir.resolve("ca.pem"), dir.resolve("pbx.pem"), dir.resolve("pbx.key"), dir.resolve("other-ca.pem"));
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(args)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
