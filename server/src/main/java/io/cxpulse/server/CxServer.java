package io.cxpulse.server;

import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.agents.AgentRoutes;
import io.cxpulse.server.alerts.AlertRoutes;
import io.cxpulse.server.alerts.Alerts;
import io.cxpulse.server.api.Api;
import io.cxpulse.server.auth.AuthRoutes;
import io.cxpulse.server.auth.Enrolments;
import io.cxpulse.server.auth.LoginThrottle;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.auth.Sessions;
import io.cxpulse.server.cluster.Cluster;
import io.cxpulse.server.drivers.DriverRoutes;
import io.cxpulse.server.enrolment.EnrolmentRoutes;
import io.cxpulse.server.export.ExportRoutes;
import io.cxpulse.server.history.ChartLibrary;
import io.cxpulse.server.history.HistoryRoutes;
import io.cxpulse.server.ingest.AgentSocket;
import io.cxpulse.server.ingest.AgentSockets;
import io.cxpulse.server.ingest.Presence;
import io.cxpulse.server.live.CommitFeed;
import io.cxpulse.server.live.LiveHub;
import io.cxpulse.server.live.LiveRoutes;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.metrics.MetricsBook;
import io.cxpulse.server.metrics.SurveyScores;
import io.cxpulse.server.ops.ApiDocs;
import io.cxpulse.server.ops.OpsMetrics;
import io.cxpulse.server.ops.OpsRoutes;
import io.cxpulse.server.programs.ActivationWatch;
import io.cxpulse.server.programs.DraftVoice;
import io.cxpulse.server.programs.ProgramRoutes;
import io.cxpulse.server.programs.ProgramService;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running CX Pulse server: store, ingest WebSocket, metrics, live stream, API and dashboard on one HTTP port. Start
 * with {@link #start(ServerConfig)}; everything else is asynchronous.
 */
public final class CxServer {
    private static final Logger log = LoggerFactory.getLogger(CxServer.class);
    /** In a cluster, how often the live figures are recounted from the store. */
    private static final long REBUILD_MS = 10 * 60_000L;
    /** How often a cluster node reads the teams' active survey program versions, in case it missed an activation. */
    private static final long PROGRAM_CHECK_MS = 30_000L;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ServerConfig config;
    private final Node node;

    private CxServer(Vertx vertx, boolean ownsVertx, ServerConfig config, Node node) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
        this.node = node;
    }

    /**
     * Starts a server on a Vert.x instance of its own, closed with the server; with {@link ServerConfig#cluster()} that
     * Vert.x first joins the cluster.
     */
    public static Future<CxServer> start(ServerConfig config) {
        // Vert.x's own meters (HTTP, event bus, pools) go to the registry that /metrics renders.
        PrometheusMeterRegistry registry = OpsMetrics.newRegistry();
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
        Cluster cluster = config.clustered() ? new Cluster(config.cluster()) : null;
        Future<Vertx> built;
        if (cluster == null) {
            built = Future.succeededFuture(builder.with(options).build());
        } else {
            // The event bus between nodes listens on the cluster's address, on a port of its own choosing.
            options.getEventBusOptions().setHost(config.cluster().host()).setPort(0);
            built = builder.with(options).withClusterManager(cluster.manager()).buildClustered();
        }
        return built.compose(vertx -> {
            Promise<CxServer> result = Promise.promise();
            start(vertx, config, true, registry, cluster).onComplete(started -> {
                if (started.succeeded()) {
                    result.complete(started.result());
                    return;
                }
                // As in close(): Vert.x is closed from a thread of its own, not from one of its loops.
                Thread closer = new Thread(
                        () -> vertx.close().onComplete(closed -> result.fail(started.cause())), "cx-server-close");
                closer.setDaemon(true);
                closer.start();
            });
            return result.future();
        });
    }

    /** Starts a single-node server on {@code vertx}, which the caller keeps owning. */
    public static Future<CxServer> start(Vertx vertx, ServerConfig config) {
        if (config.clustered()) {
            return Future.failedFuture(new IllegalArgumentException("a cluster node starts on a Vert.x of its own"));
        }
        return start(vertx, config, false, OpsMetrics.newRegistry(), null);
    }

    private static Future<CxServer> start(
            Vertx vertx, ServerConfig config, boolean ownsVertx, PrometheusMeterRegistry registry, Cluster cluster) {
        Node node = new Node(config, new OpsMetrics(registry), cluster);
        return vertx.deployVerticle(node).map(id -> new CxServer(vertx, ownsVertx, config, node));
    }

    /** The port it listens on (the actual one when configured with 0). */
    public int port() {
        return node.http.actualPort();
    }

    public String host() {
        return config.host();
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (config.tls() ? "https://" : "http://") + host + ":" + port() + "/";
    }

    public Vertx vertx() {
        return vertx;
    }

    public ServerConfig config() {
        return config;
    }

    public Store store() {
        return node.store;
    }

    /**
     * Every route with a fixed path and method, as {@code "GET /api/alerts/{id}/close"} (path parameters in OpenAPI's
     * braces): what the OpenAPI document must describe.
     */
    public List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : node.router.getRoutes()) {
            if (r.getPath() == null || !r.isExactPath() || r.methods() == null) {
                continue;
            }
            String path = r.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            for (HttpMethod m : r.methods()) {
                out.add(m.name() + " " + path);
            }
        }
        return out;
    }

    /** The demo logins when started with {@code demo}, reset at this start. */
    public Optional<Provisioning.DemoLogins> demoLogins() {
        return Optional.ofNullable(node.demoLogins);
    }

    /** The admin password generated because the store had no user at all; empty otherwise. */
    public Optional<String> initialAdminPassword() {
        return node.initialAdminPassword;
    }

    /** The demo agents and their tokens (empty unless started with {@code demo}). */
    public List<Provisioning.DemoAgent> demoAgents() {
        return node.provisioning.demoAgents();
    }

    /** Creates or re-keys an agent; the future carries its new token, which the store keeps only hashed. */
    public Future<String> provisionAgent(String agentId, String displayName, String team) {
        return onContext(() -> node.provisioning.agent(agentId, displayName, team));
    }

    /**
     * Runs the check for late follow-ups now, as every node does each {@link Alerts#ESCALATION_CHECK_MS}; the future
     * carries how many alerts this call escalated.
     */
    public Future<Integer> escalateLateFollowUps() {
        return onContext(() -> node.alerts.escalateLate().map(List::size));
    }

    /** Creates a dashboard user or resets its password, role and team. */
    public Future<Void> provisionUser(String username, String password, Role role, String team) {
        return onContext(() -> node.provisioning.user(username, password, role, team));
    }

    /** Stops listening, ends live streams, drains the store's writer and closes it (and its own Vert.x, if any). */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        vertx.undeploy(node.deploymentID()).onComplete(undeployed -> {
            if (!ownsVertx) {
                done.handle(undeployed);
                return;
            }
            // Closed from a thread of its own: listeners of a close started on an event loop would be dispatched to
            // that very loop, which no longer runs.
            Thread closer = new Thread(
                    () -> vertx.close().onComplete(closed -> done.handle(undeployed.failed() ? undeployed : closed)),
                    "cx-server-close");
            closer.setDaemon(true);
            closer.start();
        });
        return done.future();
    }

    private <T> Future<T> onContext(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        node.context().runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }

    /** The verticle: every handler and the in-memory state run on its one event loop. */
    private static final class Node extends VerticleBase {
        private final ServerConfig config;
        private final Directory directory = new Directory();
        private final MetricsBook book = new MetricsBook();
        private final OpsMetrics metrics;
        private final AgentSockets agentSockets;
        private final Cluster cluster;
        private final String nodeId;
        private Store store;
        private Provisioning provisioning;
        private Scoreboard board;
        private LiveHub hub;
        private Presence presence;
        private CommitFeed feed;
        private Sessions sessions;
        private LoginThrottle throttle;
        private long rebuildTimer = -1;
        private HttpServer http;
        private Router router;
        private Api api;
        private Provisioning.DemoLogins demoLogins;
        private Optional<String> initialAdminPassword = Optional.empty();
        private long retentionTimer = -1;
        private Alerts alerts;
        private ProgramService programs;
        private ActivationWatch activations;
        private long programTimer = -1;
        private HistoryRoutes history;

        Node(ServerConfig config, OpsMetrics metrics, Cluster cluster) {
            this.config = config;
            this.metrics = metrics;
            this.cluster = cluster;
            this.nodeId = cluster == null ? "single" : cluster.nodeId();
            this.agentSockets = new AgentSockets(metrics.registry());
        }

        Context context() {
            return context;
        }

        @Override
        public Future<?> start() {
            return vertx.executeBlocking(this::openStore)
                    .compose(s -> {
                        store = s;
                        provisioning = new Provisioning(
                                vertx,
                                store,
                                directory,
                                agentId -> vertx.eventBus()
                                        .publish(Topics.AGENT_KEYED, new JsonObject().put("agentId", agentId)));
                        if (config.demo()) {
                            return provisioning.demo().map(l -> {
                                demoLogins = l;
                                return null;
                            });
                        }
                        return provisioning
                                .forgetDemoTokens()
                                .compose(n -> provisioning.bootstrapAdmin())
                                .map(pw -> {
                                    initialAdminPassword = pw;
                                    return null;
                                });
                    })
                    .compose(v -> provisioning.reload())
                    .compose(v -> Sessions.open(vertx, config.clock()))
                    .compose(s -> {
                        sessions = s;
                        return LoginThrottle.open(vertx, config.clock());
                    })
                    .compose(t -> {
                        throttle = t;
                        return wire();
                    })
                    .compose(v -> listen())
                    .recover(e -> {
                        // A failed start is never stopped: release the database and the meters here.
                        metrics.close();
                        Store opened = store;
                        if (opened == null) {
                            return Future.failedFuture(e);
                        }
                        return vertx.executeBlocking(() -> {
                                    opened.close();
                                    return null;
                                })
                                .transform(v -> Future.failedFuture(e));
                    });
        }

        private Store openStore() throws Exception {
            String url = config.dbUrl();
            if (url == null) {
                Files.createDirectories(config.dataDir());
                url = "jdbc:sqlite:" + config.dataDir().resolve("cx.db").toAbsolutePath();
            }
            return Store.open(vertx, url, config.dbUser(), config.dbPassword(), config.clock(), config.zone());
        }

        /** With {@code --retain-days}: retires raw events older than that, now and every hour. */
        private void retainRawEvents() {
            Integer days = config.retainDays();
            if (days == null) {
                return;
            }
            Runnable retire = () -> {
                LocalDate today = Instant.ofEpochMilli(config.clock().millis())
                        .atZone(config.zone())
                        .toLocalDate();
                long cutoff = today.minusDays(days)
                        .atStartOfDay(config.zone())
                        .toInstant()
                        .toEpochMilli();
                store.retireBefore(cutoff)
                        .onSuccess(n -> {
                            if (n > 0) {
                                log.info("Retired {} raw events that ended before {}", n, Instant.ofEpochMilli(cutoff));
                            }
                        })
                        .onFailure(e -> log.warn("Retiring raw events failed; will try again", e));
            };
            retire.run();
            retentionTimer = vertx.setPeriodic(3_600_000L, id -> retire.run());
        }

        /** Puts the features together and has them listen to the topics; counts the live figures from the store. */
        private Future<Void> wire() {
            presence = new Presence(
                    agentId -> directory.agent(agentId).ifPresent(a -> hub.agentChanged(a.id(), a.team())));
            board = new Scoreboard(book, directory, config.clock(), config.zone(), presence::online);
            alerts = new Alerts(vertx, store, directory, config.clock());
            hub = new LiveHub(vertx, board, id -> sessions.find(id).map(Optional::isPresent), alerts::open);
            alerts.start();
            feed = new CommitFeed(vertx, book, hub, store, config.clock(), config.zone());
            store.onCommitted(context, this::committed);
            metrics.watch(vertx, hub::subscriberCount);
            vertx.eventBus().<String>consumer(Topics.SESSION_ENDED, m -> hub.sessionEnded(m.body()));
            programs = new ProgramService(store, config.clock());
            activations = new ActivationWatch(store, agentSockets::programChanged);
            vertx.eventBus().<JsonObject>consumer(Topics.PROGRAM_ACTIVATED, m -> activations.heard(m.body()));
            vertx.eventBus().<JsonObject>consumer(Topics.AGENT_KEYED, m -> {
                String agentId = m.body().getString("agentId");
                // The agent's new token may have been made on another node: read it, then end the sockets opened with
                // an older one (a socket opened with the new token meanwhile stays).
                provisioning
                        .reload()
                        .onFailure(e -> log.warn("Could not reload the agents after agent {} was re-keyed", agentId, e))
                        .onComplete(v -> agentSockets.closeStale(
                                agentId,
                                directory
                                        .agent(agentId)
                                        .map(Rows.Agent::tokenHash)
                                        .orElse(null),
                                "agent " + agentId + " was given a new token"));
            });
            history = new HistoryRoutes(store, directory, config.clock(), config.zone());
            api = new Api(
                    new AuthRoutes(vertx, store, sessions, throttle),
                    List.of(
                            new AgentRoutes(store, directory, board, provisioning, config.demo()),
                            new EnrolmentRoutes(
                                    directory, provisioning, new Enrolments(store, config.clock(), throttle)),
                            history,
                            new AlertRoutes(alerts, directory),
                            new DriverRoutes(vertx, store, directory, config.clock(), config.zone()),
                            new ExportRoutes(vertx, store, directory, config.clock(), config.zone()),
                            new LiveRoutes(hub),
                            new ProgramRoutes(
                                    vertx, store, directory, config.clock(), config.zone(), new DraftVoice())));
            Future<Void> shared = Future.succeededFuture();
            if (cluster != null) {
                shared = presence.share(vertx, nodeId).map(v -> {
                    cluster.onMembership(
                            joined -> log.info("Cluster node {} joined", joined),
                            left -> context.runOnContext(v2 -> nodeLeft(left)));
                    // Messages between nodes are delivered at most once: recount now and then, as after a loss.
                    rebuildTimer = vertx.setPeriodic(REBUILD_MS, id -> feed.rebuild());
                    // The same for survey program activations: a missed one still reaches this node's agents.
                    checkPrograms();
                    programTimer = vertx.setPeriodic(PROGRAM_CHECK_MS, id -> checkPrograms());
                    return null;
                });
            }
            return shared.compose(v -> feed.start());
        }

        /**
         * A node left (or was killed): its agents are offline there, and what it committed but had no time to publish
         * is counted from the store.
         */
        private void checkPrograms() {
            activations.check().onFailure(e -> log.warn("Could not read the teams' survey program versions", e));
        }

        private void nodeLeft(String left) {
            log.info("Cluster node {} left; recounting the live figures from the store", left);
            presence.nodeLeft(left);
            feed.rebuild();
        }

        private Future<Void> listen() {
            Router router = Router.router(vertx);
            this.router = router;
            router.route().handler(ctx -> {
                ctx.response()
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader(
                                "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                        + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'");
                ctx.next();
            });
            router.get("/ws/agent")
                    .handler(ctx -> ctx.request()
                            .toWebSocket()
                            .onSuccess(AgentSocket.handler(
                                    vertx,
                                    store,
                                    directory,
                                    config.clock(),
                                    presence,
                                    agentSockets,
                                    config.zone(),
                                    programs)::handle)
                            .onFailure(e -> log.debug("WebSocket upgrade failed", e)));
            new OpsRoutes(vertx, store, metrics.registry(), config.metricsToken(), this::clusterState).mount(router);
            new ApiDocs().mount(router);
            new ChartLibrary().mount(router);
            api.mount(router);
            router.route("/*")
                    .handler(StaticHandler.create("web")
                            .setIndexPage("index.html")
                            .setCachingEnabled(false));

            // Messages over WireCodec.MAX_FRAME_CHARS are refused one by one whatever their size (AgentSocket puts
            // fragments together itself); only a single frame over MAX_FRAME_BYTES also ends the socket.
            int maxWs = AgentSocket.MAX_FRAME_BYTES;
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.port())
                    .setMaxWebSocketFrameSize(maxWs)
                    .setMaxWebSocketMessageSize(maxWs);
            if (config.tls()) {
                options.setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertPath(config.tlsCert().toString())
                                .setKeyPath(config.tlsKey().toString()));
            }
            return vertx.createHttpServer(options)
                    .requestHandler(router)
                    .listen()
                    .map(server -> {
                        http = server;
                        hub.start();
                        retainRawEvents();
                        log.info("Listening on {}:{} ({} store)", config.host(), server.actualPort(), store.dialect());
                        history.warmUp().onFailure(e -> log.debug("Warming up the history failed", e));
                        return null;
                    });
        }

        /** Publishes what this node committed for the first time, for every node's live figures and alerts. */
        private void committed(List<Rows.Committed> batch) {
            for (Rows.Committed c : batch) {
                if (!c.inserted()) {
                    continue;
                }
                if (c.event() instanceof CallRecord call) {
                    vertx.eventBus()
                            .publish(
                                    Topics.CALL_COMMITTED,
                                    new JsonObject()
                                            .put("eventId", call.eventId())
                                            .put("agentId", call.agentId())
                                            .put("callId", call.callId())
                                            .put("team", c.team())
                                            .put("endMs", call.endMs())
                                            .put("talkMs", call.talkMs())
                                            .put("muteMs", call.muteMs())
                                            .put("surveyOffered", call.surveyOffered())
                                            .put(
                                                    "endedBy",
                                                    call.endedBy() == null
                                                            ? null
                                                            : call.endedBy().wire()));
                } else if (c.event() instanceof SurveyResult survey) {
                    SurveyScores s = c.scores();
                    vertx.eventBus()
                            .publish(
                                    Topics.SURVEY_COMMITTED,
                                    new JsonObject()
                                            .put("eventId", survey.eventId())
                                            .put("agentId", survey.agentId())
                                            .put("callId", survey.callId())
                                            .put("team", c.team())
                                            .put("status", survey.status().wire())
                                            .put("nps", s.nps())
                                            .put("csat", s.csat())
                                            .put("resolved", s.resolved())
                                            .put("answered", s.answered())
                                            .put("endMs", survey.endMs()));
                }
            }
        }

        /** {@code none} on a single node, else whether this node is in its cluster ({@code joined}) or not. */
        private String clusterState() {
            return cluster == null ? "none" : cluster.joined() ? "joined" : "left";
        }

        @Override
        public Future<?> stop() {
            vertx.cancelTimer(retentionTimer);
            vertx.cancelTimer(rebuildTimer);
            vertx.cancelTimer(programTimer);
            if (alerts != null) {
                alerts.stop();
            }
            if (hub != null) {
                hub.stop();
            }
            Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
            return closed.compose(v -> vertx.executeBlocking(() -> {
                if (store != null) {
                    store.close();
                }
                metrics.close();
                return null;
            }));
        }
    }
}
