package io.cxpulse.server.auth;

import io.cxpulse.server.LogText;
import io.cxpulse.server.api.Api;
import io.cxpulse.server.api.ApiException;
import io.cxpulse.server.api.Requests;
import io.cxpulse.server.store.Queries;
import io.cxpulse.server.store.Rows;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging in and out ({@code /api/login}, {@code /api/logout}, {@code /api/me}) and the session check. */
public final class AuthRoutes implements Api.AuthCheck {
    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

    /** Compared against when the user is unknown, so that unknown and wrong take the same time; made lazily off the
     * event loop, as hashing is slow. */
    private static final class Dummy {
        static final String HASH = Passwords.hash("not a user's password");
    }

    private final Vertx vertx;
    private final Store store;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    public AuthRoutes(Vertx vertx, Store store, Sessions sessions, LoginThrottle throttle) {
        this.vertx = vertx;
        this.store = store;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Override
    public void mountPublic(Router router) {
        router.post("/api/login").handler(Requests::requireJson).handler(this::login);
    }

    @Override
    public void mount(Router router) {
        router.post("/api/logout").handler(this::logout);
        router.get("/api/me").handler(ctx -> ctx.json(principalJson(Requests.principal(ctx))));
    }

    private void login(RoutingContext ctx) {
        JsonObject body = Requests.body(ctx);
        String username = Requests.optionalString(body, "username");
        String password = Requests.optionalString(body, "password");
        if (username == null || password == null || username.length() > 64 || password.length() > 256) {
            Requests.fail(ctx, ApiException.badRequest("username and password are required"));
            return;
        }
        String address = ctx.request().remoteAddress().host();
        throttle.waitMs(username)
                .compose(waitMs -> throttle.addressWaitMs(address).map(addressWaitMs -> {
                    if (waitMs > 0 || addressWaitMs > 0) {
                        long seconds = (Math.max(waitMs, addressWaitMs) + 999) / 1000;
                        ctx.response().putHeader("Retry-After", Long.toString(seconds));
                        String who = waitMs >= addressWaitMs ? "for " + username : "from this address";
                        throw new ApiException(
                                429, "too many failed logins " + who + "; try again in " + seconds + " s");
                    }
                    return true;
                }))
                .compose(free -> store.read(c -> Queries.user(c, username)))
                .compose(user -> vertx.executeBlocking(
                        () -> {
                            boolean ok = Passwords.verify(
                                    password, user.map(Rows.User::passwordHash).orElse(Dummy.HASH));
                            return ok ? user : Optional.<Rows.User>empty();
                        },
                        false))
                .compose(user -> {
                    if (user.isEmpty()) {
                        log.info(
                                "Failed login for user {} from {}",
                                LogText.escape(username),
                                ctx.request().remoteAddress());
                        return throttle.failed(username, address)
                                .transform(v -> Future.<Principal>failedFuture(
                                        new ApiException(401, "wrong username or password")));
                    }
                    Rows.User u = user.get();
                    Principal p = new Principal(u.username(), Role.parse(u.role()), u.team());
                    return throttle.succeeded(username).map(p);
                })
                .compose(p -> sessions.create(p).map(id -> {
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
                    return p;
                }))
                .onSuccess(p -> ctx.json(principalJson(p)))
                .onFailure(ctx::fail);
    }

    private void logout(RoutingContext ctx) {
        sessions.remove(Requests.sessionId(ctx))
                .onFailure(ctx::fail)
                .onSuccess(v -> ctx.response()
                        .addCookie(Cookie.cookie(Sessions.COOKIE, "")
                                .setHttpOnly(true)
                                .setSecure(ctx.request().isSSL())
                                .setSameSite(CookieSameSite.STRICT)
                                .setPath("/")
                                .setMaxAge(0))
                        .setStatusCode(204)
                        .end());
    }

    @Override
    public void authenticate(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
        String id = cookie == null ? null : cookie.getValue();
        sessions.find(id)
                .onSuccess(p -> {
                    if (p.isEmpty()) {
                        Requests.fail(ctx, ApiException.unauthorized());
                        return;
                    }
                    ctx.put(Requests.SESSION, id);
                    ctx.put(Requests.PRINCIPAL, p.get());
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject principalJson(Principal p) {
        return new JsonObject()
                .put("username", p.username())
                .put("role", p.role().wire())
                .put("team", p.team());
    }
}
