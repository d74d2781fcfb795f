package io.cxpulse.agent.link;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS that trusts the certificates of one PEM file (a center's private CA) instead of the system's. */
public final class PrivateCa {
    private PrivateCa() {}

    /** An SSL context trusting every certificate in {@code pemFile}; fails with a message naming the file. */
    public static SSLContext trusting(Path pemFile) throws IOException {
        Collection<? extends Certificate> certs = certificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates of " + pemFile + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM file; fails with a message naming the file when it holds none. */
    public static Collection<? extends Certificate> certificates(Path pemFile) throws IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(pemFile + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException(pemFile + " holds no PEM certificate");
        }
        return certs;
    }
}
