package io.cxpulse.server.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The dashboard's REST API under {@code /api} (see docs/api.md), put together from the features' routers. Every route
 * but login, health, enrolment and the demo roster needs a session; every answer is filtered to the teams the
 * session's user may see.
 */
public final class Api {
    /** The largest file a feature's upload path takes (a minute of 48 kHz 32-bit stereo audio is 23 MB). */
    public static final int UPLOAD_LIMIT = 24 * 1024 * 1024;

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
        // No route takes a form: refused before a byte is read, and the body handler never writes uploads to disk.
        // The few upload paths take one file as the whole body, of its own type (audio, not a form).
        Set<String> uploads = new HashSet<>();
        features.forEach(f -> uploads.addAll(f.uploadPaths()));
        router.route("/api/*").handler(Api::refuseForms);
        BodyHandler json = BodyHandler.create(false).setBodyLimit(64 * 1024);
        BodyHandler file = BodyHandler.create(false).setBodyLimit(UPLOAD_LIMIT);
        router.route("/api/*").handler(ctx -> (isUpload(ctx, uploads) ? file : json).handle(ctx));
        router.route("/api/*").handler(Api::noStore);
        router.get("/api/health").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
        auth.mountPublic(router);
        for (FeatureRoutes f : features) {
            f.mountPublic(router);
        }
        router.route("/api/*").handler(auth::authenticate);
        router.post("/api/*").handler(ctx -> {
            if (isUpload(ctx, uploads)) {
                requireUpload(ctx);
            } else {
                Requests.requireJson(ctx);
            }
        });
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

    private static boolean isUpload(RoutingContext ctx, Set<String> uploads) {
        return ctx.request().method() == HttpMethod.POST && uploads.contains(ctx.normalizedPath());
    }

    /** An upload is audio: a cross-site form cannot send that type without a preflight, as with JSON. */
    private static void requireUpload(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("audio/")) {
            Requests.fail(ctx, new ApiException(415, "send the recording as the body, Content-Type: audio/wav"));
            return;
        }
        ctx.next();
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
