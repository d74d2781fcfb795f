package io.cxpulse.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's REST API under {@code /api} (see docs/api.md), put together from the features' routers. Every route
 * but login, health, enrolment and the demo roster needs a session; every answer is filtered to the teams the
 * session's user may see.
 */
public final class Api {
    private final AuthCheck auth;
    private final List<FeatureRoutes> features;

    /** {@code auth} checks the session between the public routes and the others. */
    public Api(AuthCheck auth, List<FeatureRoutes> features) {
        this.auth = auth;
        this.features = features;
    }

    /** The router that logs users in: it also vouches for each later request's session. */
    public interface AuthCheck extends FeatureRoutes {
        /** Sets {@link Requests#PRINCIPAL} and {@link Requests#SESSION}, or answers 401. */
        void authenticate(RoutingContext ctx);
    }

    /** Adds the API's routes to {@code router}. */
    public void mount(Router router) {
        // No route takes a file or a form: refused before a byte is read, and the body handler never writes uploads.
        router.route("/api/*").handler(Api::refuseForms);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.route("/api/*").handler(Api::noStore);
        router.get("/api/health").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
        auth.mountPublic(router);
        for (FeatureRoutes f : features) {
            f.mountPublic(router);
        }
        router.route("/api/*").handler(auth::authenticate);
        router.post("/api/*").handler(Requests::requireJson);
        auth.mount(router);
        for (FeatureRoutes f : features) {
            f.mount(router);
        }
        router.route("/api/*")
                .handler(ctx -> Requests.fail(
                        ctx,
                        ApiException.notFound("no such API: " + ctx.request().path())));
        router.route("/api/*").failureHandler(Requests::failure);
    }

    private static void noStore(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private static void refuseForms(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
            // Not keeping the connection: the unread body would otherwise have to be drained first.
            ctx.response().putHeader("Connection", "close");
            Requests.fail(
                    ctx,
                    new ApiException(415, "the API takes no uploads or forms; send Content-Type: application/json"));
            return;
        }
        ctx.next();
    }
}
