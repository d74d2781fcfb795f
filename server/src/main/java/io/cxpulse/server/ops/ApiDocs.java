package io.cxpulse.server.ops;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The HTTP API's OpenAPI 3 document at {@code /api/openapi.json}, and Swagger UI over it at {@code /api/docs/}, from
 * its webjar: nothing is loaded from outside the server.
 */
public final class ApiDocs {
    /** Where the document lies on the class path. */
    public static final String DOCUMENT = "ops/openapi.json";
    /** The Swagger UI webjar's files; the version is the one the parent pom pins. */
    static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";

    /** Adds the routes; call before the API's own, which would ask for a login. */
    public void mount(Router router) {
        router.get("/api/openapi.json").handler(this::document);
        // Vert.x matches "/api/docs/" here too: only the bare path is redirected.
        router.get("/api/docs").handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.next();
            } else {
                ctx.redirect("/api/docs/");
            }
        });
        router.get("/api/docs/*")
                .handler(StaticHandler.create("ops/docs")
                        .setIndexPage("index.html")
                        .setCachingEnabled(false));
        router.get("/api/docs/*").handler(StaticHandler.create(SWAGGER_UI).setMaxAgeSeconds(3600));
    }

    private void document(RoutingContext ctx) {
        ctx.vertx()
                .fileSystem()
                .readFile(DOCUMENT)
                .onSuccess(json -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(json))
                .onFailure(ctx::fail);
    }
}
