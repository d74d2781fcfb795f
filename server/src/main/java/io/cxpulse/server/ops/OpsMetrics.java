package io.cxpulse.server.ops;

import io.cxpulse.server.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus registry: JVM metrics, Vert.x's own (when the server made its Vert.x), and the product's:
 * events committed, alerts raised and dashboards connected, counted here from the committed-event topics; agents
 * connected, write-queue depth and commit latency come from {@link io.cxpulse.server.ingest.AgentSockets}.
 */
public final class OpsMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public OpsMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        JvmGcMetrics gc = new JvmGcMetrics();
        closeables.add(gc);
        for (MeterBinder b : List.of(
                new JvmMemoryMetrics(),
                gc,
                new JvmThreadMetrics(),
                new ClassLoaderMetrics(),
                new ProcessorMetrics(),
                new UptimeMetrics())) {
            b.bindTo(registry);
        }
    }

    /** A registry that renders the Prometheus text format. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Counts this node's commits and alerts from the topics (local consumers: in a cluster each node counts its own)
     * and reads the number of live dashboards from {@code dashboards}. Call on the server's context.
     */
    public void watch(Vertx vertx, IntSupplier dashboards) {
        Counter calls = Counter.builder("cx.events.committed")
                .description("Events stored for the first time (repeats are not counted)")
                .tag("type", "call")
                .register(registry);
        Counter surveys = Counter.builder("cx.events.committed")
                .description("Events stored for the first time (repeats are not counted)")
                .tag("type", "survey")
                .register(registry);
        Counter alerts = Counter.builder("cx.alerts.raised")
                .description("Detractor alerts raised")
                .register(registry);
        vertx.eventBus().<JsonObject>localConsumer(Topics.CALL_COMMITTED, m -> calls.increment());
        vertx.eventBus().<JsonObject>localConsumer(Topics.SURVEY_COMMITTED, m -> surveys.increment());
        vertx.eventBus().<JsonObject>localConsumer(Topics.ALERT_RAISED, m -> alerts.increment());
        Gauge.builder("cx.dashboards.connected", dashboards, IntSupplier::getAsInt)
                .description("Live dashboard streams open on this node")
                .strongReference(true)
                .register(registry);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // Closing only unregisters listeners; nothing to recover.
            }
        }
        registry.close();
    }
}
