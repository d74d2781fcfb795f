package io.cxpulse.server.api;

import io.cxpulse.server.LogText;
import io.cxpulse.server.auth.Principal;
import io.cxpulse.server.store.StoreUnavailableException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every API router shares: the logged-in user, bodies and parameters, and how a refusal is answered. */
public final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);
    /** Where an authenticated request keeps its user and its session id. */
    public static final String PRINCIPAL = "cx.principal";

    public static final String SESSION = "cx.session";

    private Requests() {}

    /** The logged-in user of an authenticated request. */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** The session id of an authenticated request. */
    public static String sessionId(RoutingContext ctx) {
        return ctx.get(SESSION);
    }

    /** Ends the request with {@code e}'s status and reason, through {@link #failure}. */
    public static void fail(RoutingContext ctx, ApiException e) {
        ctx.fail(e.status(), e);
    }

    /** A cross-site form cannot send JSON without a preflight: with SameSite=Strict this closes CSRF. */
    public static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            fail(ctx, new ApiException(415, "send Content-Type: application/json"));
            return;
        }
        ctx.next();
    }

    /** The request's JSON object body; empty when there is none; a 400 when it is not a JSON object. */
    public static JsonObject body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            return new JsonObject();
        }
        Object value;
        try {
            value = Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException e) {
            throw ApiException.badRequest("the body is not JSON");
        }
        if (!(value instanceof JsonObject body)) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return body;
    }

    /** A required string field of a body; a 400 naming it when missing or not a string. */
    public static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (!(v instanceof String s)) {
            throw ApiException.badRequest(field + " is required");
        }
        return s;
    }

    /** An optional string field of a body: null when missing or not a string. */
    public static String optionalString(JsonObject body, String field) {
        return body.getValue(field) instanceof String s ? s : null;
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

    /** The API's failure handler: a JSON {@code error} with the right status, a stack trace only for a bug. */
    public static void failure(RoutingContext ctx) {
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
}
