package dev.slipway.apiserver.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Records each request's latency in a histogram tagged by route template (never the raw path, so
 * the number of series stays bounded), method and status. The histogram's counts are also the
 * most requested routes.
 */
public final class RequestMetrics implements PlatformHandler {

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(ignored -> Timer.builder("slipway_api_request_duration")
                .description("Latency of API requests by route template, method and status")
                .tag("route", routeOf(rc))
                .tag("method", rc.request().method().name())
                .tag("status", Integer.toString(rc.response().getStatusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        rc.next();
    }

    private static String routeOf(RoutingContext rc) {
        Route route = rc.currentRoute();
        String path = route == null ? null : route.getPath();
        return path == null ? "unmatched" : path;
    }
}
