package io.cxpulse.agent.line.sip;

import gov.nist.core.net.SecurityManagerProvider;
import io.cxpulse.agent.link.PrivateCa;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The SIP stack's TLS trust: the certificate authorities of the PEM file named by the stack property
 * {@link #CA_FILE} (a center's private CA), else the JVM's own. The agent presents no certificate of its own: it
 * is a TLS client of the PBX, which authenticates it by digest. The stack makes one per SIP stack from its
 * properties (JAIN-SIP's {@code gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER}).
 */
public final class SipTls implements SecurityManagerProvider {
    /** Stack property: the PEM file of the certificate authorities to trust. */
    public static final String CA_FILE = "io.cxpulse.sip.CA_FILE";

    private TrustManager[] trust;

    @Override
    public void init(Properties properties) throws GeneralSecurityException, IOException {
        String file = properties.getProperty(CA_FILE);
        if (file != null) {
            trust = PrivateCa.trustManagers(Path.of(file));
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            trust = tmf.getTrustManagers();
        }
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return new KeyManager[0];
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trust.clone();
    }
}
