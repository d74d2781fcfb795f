package io.cxpulse.server;

import io.cxpulse.server.cluster.ClusterOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;

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

    /** A single node. */
    public ServerConfig(
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
            Integer retainDays) {
        this(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                null);
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
        this(host, port, dataDir, demo, dbUrl, dbUser, dbPassword, zone, clock, null, null, null, null);
    }

    /** Loopback, a free port, SQLite under {@code dataDir}, system time zone: the usual test set-up. */
    public static ServerConfig loopback(Path dataDir) {
        return new ServerConfig(
                "127.0.0.1", 0, dataDir, false, null, null, null, ZoneId.systemDefault(), Clock.systemUTC());
    }

    /** Joins a cluster of nodes sharing this configuration's PostgreSQL store. */
    public ServerConfig withCluster(ClusterOptions value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                value);
    }

    public boolean clustered() {
        return cluster != null;
    }

    public boolean tls() {
        return tlsCert != null;
    }

    public ServerConfig withDemo(boolean value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                value,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                cluster);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                url,
                user,
                password,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                cluster);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(
                host,
                value,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                cluster);
    }

    public ServerConfig withZone(ZoneId value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                value,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                cluster);
    }

    public ServerConfig withClock(Clock value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                value,
                tlsCert,
                tlsKey,
                metricsToken,
                retainDays,
                cluster);
    }

    /** Serves HTTPS and WSS with this PEM certificate chain and private key. */
    public ServerConfig withTls(Path cert, Path key) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                cert,
                key,
                metricsToken,
                retainDays,
                cluster);
    }

    public ServerConfig withMetricsToken(String value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                value,
                retainDays,
                cluster);
    }

    public ServerConfig withRetainDays(Integer value) {
        return new ServerConfig(
                host,
                port,
                dataDir,
                demo,
                dbUrl,
                dbUser,
                dbPassword,
                zone,
                clock,
                tlsCert,
                tlsKey,
                metricsToken,
                value,
                cluster);
    }
}
