package io.cxpulse.server;

import io.cxpulse.server.cluster.ClusterOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Entry point of {@code cx-server}: parses the command line, starts the server and runs until interrupted. */
@Command(
        name = "cx-server",
        mixinStandardHelpOptions = true,
        version = "cx-server 0.1.0",
        subcommands = ImportCommand.class,
        description = "Receives calls and survey results from CX Pulse agents, stores them and serves the live"
                + " supervisor dashboard.")
public final class ServerMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--data-dir",
            defaultValue = "./data",
            description = "Directory of the SQLite store cx.db (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--demo",
            description = "Provision a demo center (2 teams, 24 agents, supervisors, admin) and print its logins.")
    boolean demo;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(
            names = "--time-zone",
            description = "The center's time zone, which sets where \"today\" starts (default: the system's).")
    String timeZone;

    @Option(names = "--tls-cert", description = "PEM certificate (chain) to serve HTTPS and WSS with; needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--metrics-token",
            description = "Lets a Prometheus scraper on another machine read /metrics with"
                    + " 'Authorization: Bearer TOKEN' (16 characters or more); loopback needs none.")
    String metricsToken;

    @Option(
            names = "--retain-days",
            paramLabel = "DAYS",
            description = "Retire raw calls and surveys after this many whole days; the daily and hourly figures"
                    + " that history reads stay (default: keep all).")
    Integer retainDays;

    @Option(
            names = "--cluster",
            description = "Join a cluster of nodes that share one PostgreSQL store (--db-url): any node serves any"
                    + " agent and dashboard.")
    boolean cluster;

    @Option(
            names = "--cluster-host",
            defaultValue = "127.0.0.1",
            description = "Address this node's cluster member listens on, reachable by the others"
                    + " (default: ${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(
            names = "--cluster-port",
            defaultValue = "5701",
            description = "Port of this node's cluster member (default: ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(
            names = "--cluster-members",
            paramLabel = "HOST:PORT,...",
            description = "The cluster's members, found by TCP/IP (no multicast); this node may be among them"
                    + " (default: this node only).")
    String clusterMembers;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    /** The most specific message in a failure's cause chain. */
    static String reason(Throwable e) {
        String message = e.toString();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZoneId zone;
        try {
            zone = timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            err.println("cx-server: unknown time zone " + timeZone);
            return 2;
        }
        String databaseProblem = database.problem();
        if (databaseProblem != null) {
            err.println("cx-server: " + databaseProblem);
            return 2;
        }
        for (Path p : new Path[] {tlsCert, tlsKey}) {
            if (p != null && !Files.isReadable(p)) {
                err.println("cx-server: cannot read " + p);
                return 2;
            }
        }
        ServerConfig config;
        try {
            ClusterOptions clusterOptions = !cluster
                    ? null
                    : new ClusterOptions(
                            clusterHost,
                            clusterPort,
                            clusterMembers == null
                                    ? List.of(clusterHost + ":" + clusterPort)
                                    : ClusterOptions.parseMembers(clusterMembers));
            config = new ServerConfig(
                    host,
                    port,
                    dataDir,
                    demo,
                    database.url,
                    database.user,
                    database.password,
                    zone,
                    Clock.systemUTC(),
                    tlsCert,
                    tlsKey,
                    metricsToken,
                    retainDays,
                    clusterOptions);
        } catch (IllegalArgumentException e) {
            err.println("cx-server: " + e.getMessage());
            return 2;
        }
        CxServer server;
        try {
            server = CxServer.start(config)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("cx-server: could not start: " + reason(e));
            return 1;
        }
        out.println("cx-server listening on " + server.url());
        server.initialAdminPassword()
                .ifPresent(pw -> out.println(
                        "Created the first dashboard user: admin / " + pw + "  (shown once; no user existed)"));
        server.demoLogins().ifPresent(logins -> {
            out.println("Dashboard: " + server.url() + "  login: admin / " + logins.adminPassword());
            for (Map.Entry<String, String> e : logins.supervisorPasswords().entrySet()) {
                out.println("Supervisor login: " + e.getKey() + " / " + e.getValue());
            }
        });
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get(15, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                // Exiting anyway; the store's WAL makes an unclean stop safe.
                            }
                            stopped.countDown();
                        },
                        "cx-server-shutdown"));
        stopped.await();
        return 0;
    }
}
