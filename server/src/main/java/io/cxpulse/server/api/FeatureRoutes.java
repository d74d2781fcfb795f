package io.cxpulse.server.api;

import io.vertx.ext.web.Router;

/** One feature's part of the API. */
public interface FeatureRoutes {
    /** Adds the routes anyone may call, before the session check. */
    default void mountPublic(Router router) {}

    /** Adds the routes that need a session; {@link Requests#principal} is set for them. */
    void mount(Router router);
}
