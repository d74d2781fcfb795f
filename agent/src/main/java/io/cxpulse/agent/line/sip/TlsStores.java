package io.cxpulse.agent.line.sip;

import io.cxpulse.agent.link.PrivateCa;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The key and trust stores the SIP stack's TLS reads, as files in an owner-only temporary directory: the trust store
 * holds the certificate authorities of a PEM file (a center's private CA); the key store is empty, since the agent is
 * a TLS client of the PBX, which authenticates it by digest. JAIN-SIP takes them from its stack properties, so two
 * phones in one process may trust different authorities. Without a PEM file the JVM's own authorities are trusted.
 */
final class TlsStores implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private TlsStores(Path dir) {
        this.dir = dir;
    }

    /** Writes the stores and sets the stack properties that name them. */
    static TlsStores write(Path caFile, Properties stack) throws IOException {
        Path dir = Files.createTempDirectory("cx-sip-tls");
        TlsStores stores = new TlsStores(dir);
        try {
            char[] password = HexFormat.of().formatHex(random(16)).toCharArray();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            if (caFile != null) {
                int i = 0;
                for (Certificate c : PrivateCa.certificates(caFile)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
            } else {
                KeyStore jvm = KeyStore.getInstance(KeyStore.getDefaultType());
                Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
                try (InputStream in = Files.newInputStream(cacerts)) {
                    jvm.load(in, null);
                }
                for (String alias : Collections.list(jvm.aliases())) {
                    trust.setCertificateEntry(alias, jvm.getCertificate(alias));
                }
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            Path trustFile = dir.resolve("trust.p12");
            Path keyFile = dir.resolve("keys.p12");
            try (OutputStream out = Files.newOutputStream(trustFile)) {
                trust.store(out, password);
            }
            try (OutputStream out = Files.newOutputStream(keyFile)) {
                keys.store(out, password);
            }
            stack.setProperty("javax.net.ssl.keyStore", keyFile.toString());
            stack.setProperty("javax.net.ssl.keyStorePassword", new String(password));
            stack.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            stack.setProperty("javax.net.ssl.trustStore", trustFile.toString());
            stack.setProperty("javax.net.ssl.trustStorePassword", new String(password));
            stack.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            return stores;
        } catch (GeneralSecurityException e) {
            stores.close();
            throw new IOException(
                    "cannot set up TLS trust" + (caFile != null ? " in " + caFile : "") + ": " + e.getMessage(), e);
        } catch (IOException e) {
            stores.close();
            throw e;
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Deletes the files: the stack has read them once it started. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
