package io.cxpulse.server.history;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The chart library the dashboard draws with, uPlot, served from its webjar at {@code /vendor/uplot/} (its script
 * {@code uPlot.iife.min.js} and style sheet {@code uPlot.min.css}): nothing is loaded from outside the server.
 */
public final class ChartLibrary {
    /** The webjar's files; the version is the one the parent pom pins. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

    /** Adds the route; public, like the dashboard's own files. */
    public void mount(Router router) {
        router.get("/vendor/uplot/*").handler(StaticHandler.create(UPLOT).setMaxAgeSeconds(3600));
    }
}
