package dev.slipway.apiserver.handlers;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;

/** Operations: {@code healthz}, {@code readyz}, {@code metrics}, {@code openapi}. */
public final class OpsHandler {

    private final BooleanSupplier ready;
    private final PrometheusMeterRegistry registry;
    private final Buffer contract;

    OpsHandler(BooleanSupplier ready, PrometheusMeterRegistry registry, Buffer contract) {
        this.ready = ready;
        this.registry = registry;
        this.contract = contract;
    }

    public void healthz(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("status", "ok").encode());
    }

    /** Ready once every informer has synced, and no longer once shutdown began. */
    public void readyz(RoutingContext rc) {
        boolean ok = ready.getAsBoolean();
        rc.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", ok ? "ready" : "not ready").encode());
    }

    public void metrics(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
    }

    public void openapi(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "application/yaml").end(contract);
    }
}
