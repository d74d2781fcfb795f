package io.cxpulse.server;

import io.cxpulse.server.cluster.ClusterOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a server runs: where it listens, where it stores, which time zone its "today" uses, and whether it provisions
 * the demo fleet. {@code dbUrl} null means the embedded SQLite file {@code dataDir/cx.db}. With {@code tlsCert} and
 * {@code tlsKey} (PEM files) it serves HTTPS and WSS only; {@code metricsToken}, when set, lets a scraper that is not
 * on this machine read {@code /metrics}. {@code retainDays} null keeps raw events forever; otherwise raw calls and
 * surveys older than that many whole days are retired (the rollups that history reads stay). {@code cluster}, when set,
 * makes the node one of a cluster sharing one PostgreSQL store.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        boolean demo,
        String dbUrl,
        String dbUser,
        String dbPassword,
        ZoneId zone,
        Clock clock,
        Path tlsCert,
        Path tlsKey,
        String metricsToken,
        Integer retainDays,
        ClusterOptions cluster) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (metricsToken != null && metricsToken.length() < 16) {
            throw new IllegalArgumentException("--metrics-token must be at least 16 characters");
        }
        if (retainDays != null && retainDays < 1) {
            throw new IllegalArgumentException("retain-days must be 1 or more, got " + retainDays);
        }
        if (cluster != null && dbUrl == null) {
            throw new IllegalArgumentException(
                    "--cluster needs a shared PostgreSQL store (--db-url jdbc:postgresql://...), not SQLite");
        }
    }

    /** Without TLS, a metrics token or retirement of raw events. */
    public ServerConfig(
            String host,
            int port,
            Path dataDir,
            boolean demo,
            String dbUrl,
            String dbUser,
            String dbPassword,
            ZoneId zone,
            Clock clock) {
        this(host, port, dataDir, demo, dbUrl, dbUser, dbPassword, zone, clock, null, null, null, null, null);
    }

    /** Loopback, a free port, SQLite under {@code dataDir}, system time zone: the usual test set-up. */
    public static ServerConfig loopback(Path dataDir) {
        return new ServerConfig(
                "127.0.0.1", 0, dataDir, false, null, null, null, ZoneId.systemDefault(), Clock.systemUTC());
    }

    /** Joins a cluster of nodes sharing this configuration's PostgreSQL store. */
    public ServerConfig withCluster(ClusterOptions value) {
        return change(c -> c.cluster = value);
    }

    public boolean clustered() {
        return cluster != null;
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public ServerConfig withDemo(boolean value) {
        return change(c -> c.demo = value);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return change(c -> {
            c.dbUrl = url;
            c.dbUser = user;
            c.dbPassword = password;
        });
    }

    public ServerConfig withPort(int value) {
        return change(c -> c.port = value);
    }

    public ServerConfig withZone(ZoneId value) {
        return change(c -> c.zone = value);
    }

    public ServerConfig withClock(Clock value) {
        return change(c -> c.clock = value);
    }

    /** Serves HTTPS and WSS with this PEM certificate chain and private key. */
    public ServerConfig withTls(Path cert, Path key) {
        return change(c -> {
            c.tlsCert = cert;
            c.tlsKey = key;
        });
    }

    public ServerConfig withMetricsToken(String value) {
        return change(c -> c.metricsToken = value);
    }

    public ServerConfig withRetainDays(Integer value) {
        return change(c -> c.retainDays = value);
    }

    /** This configuration with what {@code edit} changes, checked again by the canonical constructor. */
    private ServerConfig change(Consumer<Fields> edit) {
        Fields f = new Fields(this);
        edit.accept(f);
        return new ServerConfig(
                f.host,
                f.port,
                f.dataDir,
                f.demo,
                f.dbUrl,
                f.dbUser,
                f.dbPassword,
                f.zone,
                f.clock,
                f.tlsCert,
                f.tlsKey,
                f.metricsToken,
                f.retainDays,
                f.cluster);
    }

    /** The fields of a configuration being changed. */
    private static final class Fields {
        String host;
        int port;
        Path dataDir;
        boolean demo;
        String dbUrl;
        String dbUser;
        String dbPassword;
        ZoneId zone;
        Clock clock;
        Path tlsCert;
        Path tlsKey;
        String metricsToken;
        Integer retainDays;
        ClusterOptions cluster;

        Fields(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            demo = c.demo;
            dbUrl = c.dbUrl;
            dbUser = c.dbUser;
            dbPassword = c.dbPassword;
            zone = c.zone;
            clock = c.clock;
            tlsCert = c.tlsCert;
            tlsKey = c.tlsKey;
            metricsToken = c.metricsToken;
            retainDays = c.retainDays;
            cluster = c.cluster;
        }
    }
}
