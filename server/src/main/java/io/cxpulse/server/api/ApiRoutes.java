package io.cxpulse.server.api;

import io.cxpulse.server.LogText;
import io.cxpulse.server.Provisioning;
import io.cxpulse.server.auth.Enrolments;
import io.cxpulse.server.auth.LoginThrottle;
import io.cxpulse.server.auth.Passwords;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.auth.Sessions;
import io.cxpulse.server.export.SurveysCsv;
import io.cxpulse.server.history.HistoryHandler;
import io.cxpulse.server.live.LiveHub;
import io.cxpulse.server.live.Scoreboard;
import io.cxpulse.server.store.Directory;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.cxpulse.server.store.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's REST API under {@code /api} (see docs/api.md). Every route but login, health and the demo roster
 * needs a session; every answer is filtered to the teams the session's user may see.
 */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
    private static final String PRINCIPAL = "cx.principal";
    private static final String SESSION = "cx.session";
    private static final int MAX_NOTE = 2_000;
    /** Compared against when the user is unknown, so that unknown and wrong take the same time; made lazily off the
     * event loop, as hashing is slow. */
    private static final class Dummy {
        static final String HASH = Passwords.hash("not a user's password");
    }

    private final Vertx vertx;
    private final Store store;
    private final Directory directory;
    private final Scoreboard board;
    private final LiveHub hub;
    private final Sessions sessions;
    private final Provisioning provisioning;
    private final boolean demo;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<JsonObject> alertChanged;
    private final LoginThrottle throttle;
    private final Enrolments enrolments;

    public ApiRoutes(
            Vertx vertx,
            Store store,
            Directory directory,
            Scoreboard board,
            LiveHub hub,
            Sessions sessions,
            Provisioning provisioning,
            boolean demo,
            Clock clock,
            ZoneId zone,
            Consumer<JsonObject> alertChanged) {
        this.vertx = vertx;
        this.store = store;
        this.directory = directory;
        this.board = board;
        this.hub = hub;
        this.sessions = sessions;
        this.provisioning = provisioning;
        this.demo = demo;
        this.clock = clock;
        this.zone = zone;
        this.alertChanged = alertChanged;
        this.throttle = new LoginThrottle(clock);
        this.enrolments = new Enrolments(store, clock);
    }

    /** Adds the API's routes to {@code router}. */
    public void mount(Router router) {
        // No route takes a file or a form: refused before a byte is read, and the body handler never writes uploads.
        router.route("/api/*").handler(this::refuseForms);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.route("/api/*").handler(this::noStore);
        router.get("/api/health").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
        router.post("/api/login").handler(this::requireJson).handler(this::login);
        if (demo) {
            router.get("/api/demo/agents").handler(this::demoAgents);
        } else {
            router.get("/api/demo/agents")
                    .handler(ctx -> fail(ctx, ApiException.notFound("the demo roster exists only in --demo mode")));
        }
        router.post("/api/enrol").handler(this::requireJson).handler(this::enrol);
        router.route("/api/*").handler(this::authenticate);
        router.post("/api/*").handler(this::requireJson);
        router.post("/api/logout").handler(this::logout);
        router.get("/api/me").handler(ctx -> ctx.json(principalJson(principal(ctx))));
        router.get("/api/agents").handler(ctx -> ctx.json(board.snapshot(principal(ctx), null)));
        router.post("/api/agents").handler(this::createAgent);
        router.post("/api/enrolments").handler(this::createEnrolment);
        router.get("/api/enrolments").handler(this::pendingEnrolments);
        router.get("/api/agents/:agentId/surveys").handler(this::surveysOfAgent);
        router.get("/api/history").handler(new HistoryHandler(store, directory, clock, zone));
        router.get("/api/alerts").handler(this::alerts);
        router.post("/api/alerts/:id/acknowledge").handler(ctx -> updateAlert(ctx, Rows.Alert.ACKNOWLEDGED));
        router.post("/api/alerts/:id/close").handler(ctx -> updateAlert(ctx, Rows.Alert.CLOSED));
        router.post("/api/alerts/:id/note").handler(ctx -> updateAlert(ctx, null));
        router.get("/api/export/surveys.csv").handler(new SurveysCsv(vertx, store, directory, clock, zone));
        router.get("/api/live").handler(ctx -> hub.subscribe(ctx.get(SESSION), principal(ctx), ctx.response()));
        router.route("/api/*")
                .handler(ctx -> fail(
                        ctx,
                        ApiException.notFound("no such API: " + ctx.request().path())));
        router.route("/api/*").failureHandler(this::failure);
    }

    /** The open alerts a user may see, newest first, as the live snapshot carries them. */
    public Future<JsonArray> openAlerts(Principal p) {
        return store.read(c -> Queries.alerts(c, List.of(Rows.Alert.OPEN, Rows.Alert.ACKNOWLEDGED), teamsOf(p), 200))
                .map(list -> new JsonArray(
                        list.stream().map(a -> Json.alert(a, directory)).collect(Collectors.toList())));
    }

    private void noStore(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private void refuseForms(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            // Not keeping the connection: the unread body would otherwise have to be drained first.
            ctx.response().putHeader("Connection", "close");
            fail(ctx, new ApiException(415, "the API takes no uploads or forms; send Content-Type: application/json"));
            return;
        }
        ctx.next();
    }

    /** A cross-site form cannot send JSON without a preflight: with SameSite=Strict this closes CSRF. */
    private void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            fail(ctx, new ApiException(415, "send Content-Type: application/json"));
            return;
        }
        ctx.next();
    }

    private void login(RoutingContext ctx) {
        JsonObject body = body(ctx);
        String username = body.getValue("username") instanceof String s ? s : null;
        String password = body.getValue("password") instanceof String s ? s : null;
        if (username == null || password == null || username.length() > 64 || password.length() > 256) {
            fail(ctx, ApiException.badRequest("username and password are required"));
            return;
        }
        String address = ctx.request().remoteAddress().host();
        long waitMs = throttle.waitMs(username);
        long addressWaitMs = throttle.addressWaitMs(address);
        if (waitMs > 0 || addressWaitMs > 0) {
            long seconds = (Math.max(waitMs, addressWaitMs) + 999) / 1000;
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            String who = waitMs >= addressWaitMs ? "for " + username : "from this address";
            fail(ctx, new ApiException(429, "too many failed logins " + who + "; try again in " + seconds + " s"));
            return;
        }
        store.read(c -> Queries.user(c, username))
                .compose(user -> vertx.executeBlocking(
                        () -> {
                            boolean ok = Passwords.verify(
                                    password, user.map(Rows.User::passwordHash).orElse(Dummy.HASH));
                            return ok ? user : Optional.<Rows.User>empty();
                        },
                        false))
                .onSuccess(user -> {
                    if (user.isEmpty()) {
                        throttle.failed(username, address);
                        log.info(
                                "Failed login for user {} from {}",
                                LogText.escape(username),
                                ctx.request().remoteAddress());
                        fail(ctx, new ApiException(401, "wrong username or password"));
                        return;
                    }
                    throttle.succeeded(username);
                    Rows.User u = user.get();
                    Principal p = new Principal(u.username(), Role.parse(u.role()), u.team());
                    String id = sessions.create(p);
                    ctx.response()
                            .addCookie(Cookie.cookie(Sessions.COOKIE, id)
                                    .setHttpOnly(true)
                                    .setSecure(ctx.request().isSSL())
                                    .setSameSite(CookieSameSite.STRICT)
                                    .setPath("/"));
                    log.info(
                            "User {} ({}) logged in",
                            LogText.escape(p.username()),
                            p.role().wire());
                    ctx.json(principalJson(p));
                })
                .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        sessions.remove(ctx.get(SESSION));
        ctx.response()
                .addCookie(Cookie.cookie(Sessions.COOKIE, "")
                        .setHttpOnly(true)
                        .setSecure(ctx.request().isSSL())
                        .setSameSite(CookieSameSite.STRICT)
                        .setPath("/")
                        .setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private void authenticate(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
        String id = cookie == null ? null : cookie.getValue();
        Optional<Principal> p = sessions.find(id);
        if (p.isEmpty()) {
            fail(ctx, ApiException.unauthorized());
            return;
        }
        ctx.put(SESSION, id);
        ctx.put(PRINCIPAL, p.get());
        ctx.next();
    }

    private void demoAgents(RoutingContext ctx) {
        if (!loopback(ctx.request().remoteAddress().host())) {
            fail(ctx, ApiException.forbidden("the demo roster is served to this machine only"));
            return;
        }
        JsonArray out = new JsonArray();
        for (Provisioning.DemoAgent a : provisioning.demoAgents()) {
            out.add(new JsonObject()
                    .put("agentId", a.agentId())
                    .put("token", a.token())
                    .put("displayName", a.displayName())
                    .put("team", a.team()));
        }
        ctx.json(out);
    }

    private void createAgent(RoutingContext ctx) {
        Principal p = principal(ctx);
        if (p.role() != Role.ADMIN) {
            fail(ctx, ApiException.forbidden("only an admin may create agents"));
            return;
        }
        JsonObject body = body(ctx);
        String agentId = string(body, "agentId");
        String displayName = string(body, "displayName");
        String team = string(body, "team");
        provisioning
                .agent(agentId, displayName, team)
                .onSuccess(token -> {
                    log.info("Admin {} provisioned agent {} in team {}", p.username(), agentId, team);
                    ctx.response().setStatusCode(201);
                    ctx.json(new JsonObject()
                            .put("agentId", agentId)
                            .put("displayName", displayName)
                            .put("team", team)
                            .put("token", token));
                })
                .onFailure(ctx::fail);
    }

    /** An admin makes a one-time code that enrols an agent (a new one when displayName and team are given). */
    private void createEnrolment(RoutingContext ctx) {
        Principal p = principal(ctx);
        if (p.role() != Role.ADMIN) {
            fail(ctx, ApiException.forbidden("only an admin may enrol agents"));
            return;
        }
        JsonObject body = body(ctx);
        String agentId = string(body, "agentId");
        Rows.Agent known = directory.agent(agentId).orElse(null);
        String displayName = body.getValue("displayName") instanceof String s ? s : null;
        String team = body.getValue("team") instanceof String s ? s : null;
        if (known == null && (displayName == null || team == null)) {
            fail(
                    ctx,
                    ApiException.badRequest(
                            "agent " + agentId + " does not exist yet: give its displayName and team to create it"));
            return;
        }
        enrolments
                .create(
                        agentId,
                        displayName != null ? displayName : known.displayName(),
                        team != null ? team : known.team(),
                        p.username())
                .onSuccess(made -> {
                    log.info("Admin {} made an enrolment code for agent {}", p.username(), agentId);
                    ctx.response().setStatusCode(201);
                    ctx.json(new JsonObject()
                            .put("agentId", agentId)
                            .put("code", made.code())
                            .put("expiresAtMs", made.expiresAtMs()));
                })
                .onFailure(ctx::fail);
    }

    /** The codes not yet used nor expired, for the admin's dashboard. */
    private void pendingEnrolments(RoutingContext ctx) {
        if (principal(ctx).role() != Role.ADMIN) {
            fail(ctx, ApiException.forbidden("only an admin may enrol agents"));
            return;
        }
        enrolments.pendingJson().onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /** The agent's set-up trades a one-time code for the agent's token (a new one: any older token stops working). */
    private void enrol(RoutingContext ctx) {
        String code = body(ctx).getValue("code") instanceof String s ? s : null;
        enrolments
                .redeem(code, ctx.request().remoteAddress().host())
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        fail(ctx, ApiException.badRequest("unknown, used or expired enrolment code"));
                        return;
                    }
                    Enrolments.Pending pending = found.get();
                    provisioning
                            .agent(pending.agentId(), pending.displayName(), pending.team())
                            .onSuccess(token -> {
                                log.info(
                                        "Agent {} enrolled from {}",
                                        pending.agentId(),
                                        ctx.request().remoteAddress());
                                ctx.json(new JsonObject()
                                        .put("agentId", pending.agentId())
                                        .put("displayName", pending.displayName())
                                        .put("token", token));
                            })
                            .onFailure(ctx::fail);
                })
                .onFailure(e -> {
                    if (e instanceof Enrolments.ThrottledException t) {
                        ctx.response().putHeader("Retry-After", Long.toString((t.waitMs() + 999) / 1000));
                        fail(ctx, new ApiException(429, t.getMessage()));
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    private void surveysOfAgent(RoutingContext ctx) {
        Principal p = principal(ctx);
        String agentId = ctx.pathParam("agentId");
        Rows.Agent agent = directory.agent(agentId).orElse(null);
        // Out of scope looks the same as unknown: a supervisor learns nothing about other teams.
        if (agent == null || !p.sees(agent.team())) {
            fail(ctx, ApiException.notFound("no agent " + agentId));
            return;
        }
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        store.read(c -> Queries.surveysOfAgent(c, agentId, limit))
                .onSuccess(list -> ctx.json(new JsonObject()
                        .put("agentId", agentId)
                        .put("displayName", agent.displayName())
                        .put("team", agent.team())
                        .put(
                                "surveys",
                                new JsonArray(list.stream()
                                        .map(s -> Json.survey(s, directory))
                                        .collect(Collectors.toList())))))
                .onFailure(ctx::fail);
    }

    private void alerts(RoutingContext ctx) {
        Principal p = principal(ctx);
        String state = ctx.request().getParam("state", "active");
        Collection<String> states = switch (state) {
            case "active" -> List.of(Rows.Alert.OPEN, Rows.Alert.ACKNOWLEDGED);
            case "all" -> null;
            case Rows.Alert.OPEN, Rows.Alert.ACKNOWLEDGED, Rows.Alert.CLOSED -> List.of(state);
            default -> throw ApiException.badRequest("state must be active, all, open, acknowledged or closed");
        };
        int limit = intParam(ctx, "limit", 200, 1, 1000);
        store.read(c -> Queries.alerts(c, states, teamsOf(p), limit))
                .onSuccess(list -> ctx.json(new JsonArray(
                        list.stream().map(a -> Json.alert(a, directory)).collect(Collectors.toList()))))
                .onFailure(ctx::fail);
    }

    private void updateAlert(RoutingContext ctx, String newState) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("id");
        JsonObject body = body(ctx);
        String note = body.getValue("note") instanceof String s ? s.strip() : null;
        if (newState == null && (note == null || note.isEmpty())) {
            fail(ctx, ApiException.badRequest("a note is required"));
            return;
        }
        if (note != null && note.length() > MAX_NOTE) {
            fail(ctx, ApiException.badRequest("a note is at most " + MAX_NOTE + " characters"));
            return;
        }
        String storedNote = note == null || note.isEmpty() ? null : note;
        store.transaction(c -> {
                    Optional<Rows.Alert> current = Queries.alert(c, id);
                    if (current.isEmpty() || !p.sees(current.get().team())) {
                        return Optional.<Rows.Alert>empty();
                    }
                    String state = newState == null ? current.get().state() : newState;
                    return Queries.updateAlert(c, id, state, storedNote, clock.millis(), p.username());
                })
                .onSuccess(updated -> {
                    if (updated.isEmpty()) {
                        fail(ctx, ApiException.notFound("no alert " + id));
                        return;
                    }
                    JsonObject json = Json.alert(updated.get(), directory);
                    alertChanged.accept(json);
                    ctx.json(json);
                })
                .onFailure(ctx::fail);
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String message;
        if (t instanceof ApiException e) {
            status = e.status();
            message = e.getMessage();
        } else if (t instanceof IllegalArgumentException || t instanceof DecodeException) {
            status = 400;
            message = t.getMessage();
        } else if (t instanceof StoreUnavailableException) {
            status = 503;
            message = "the store is unavailable; try again";
            log.warn(
                    "{} {} failed",
                    ctx.request().method(),
                    LogText.escape(ctx.request().path()),
                    t);
        } else if (t == null) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            message = status == 413 ? "request body too large" : "request failed";
        } else {
            status = 500;
            message = "internal error";
            log.error(
                    "{} {} failed",
                    ctx.request().method(),
                    LogText.escape(ctx.request().path()),
                    t);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    private static void fail(RoutingContext ctx, ApiException e) {
        ctx.fail(e.status(), e);
    }

    /** The logged-in user of an authenticated request. */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private static JsonObject principalJson(Principal p) {
        return new JsonObject()
                .put("username", p.username())
                .put("role", p.role().wire())
                .put("team", p.team());
    }

    /** The teams a user may see, or null for all. */
    public static Set<String> teamsOf(Principal p) {
        return p.role() == Role.ADMIN ? null : p.team() == null ? Set.of() : Set.of(p.team());
    }

    private static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        Object value;
        try {
            value = io.vertx.core.json.Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException e) {
            throw ApiException.badRequest("the body is not JSON");
        }
        if (!(value instanceof JsonObject body)) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return body;
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s)) {
            throw ApiException.badRequest(field + " is required");
        }
        return s;
    }

    /** An integer query parameter in {@code [min, max]}; a bad one is a 400 naming it. */
    public static int intParam(RoutingContext ctx, String name, int def, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw ApiException.badRequest(name + " must be " + min + "-" + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, got " + v);
        }
    }

    /** A long query parameter; a bad one is a 400 naming it. */
    public static long longParam(RoutingContext ctx, String name, long def) {
        String v = ctx.request().getParam(name);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be epoch milliseconds, got " + v);
        }
    }

    /** Whether a peer's address (an IP literal) is this machine's loopback. */
    public static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        // Only IP literals reach here (a peer address), so no name is ever looked up.
        if (!host.matches("[0-9.]+") && host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
