package io.cxpulse.server.api;

import io.vertx.ext.web.Router;
import java.util.Set;

/** One feature's part of the API. */
public interface FeatureRoutes {
    /**
     * The paths whose POST takes a file (its own content type, up to {@link Api#UPLOAD_LIMIT} bytes) instead of a
     * JSON body.
     */
    default Set<String> uploadPaths() {
        return Set.of();
    }

    /** Adds the routes anyone may call, before the session check. */
    default void mountPublic(Router router) {}

    /** Adds the routes that need a session; {@link Requests#principal} is set for them. */
    void mount(Router router);
}
