package dev.slipway.apiserver.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Records each request's latency in a histogram tagged by route template (never the raw path, so
 * the number of series stays bounded), method and status. The histogram's counts are also the
 * most requested routes.
 */
public final class RequestMetrics implements PlatformHandler {

    private final MeterRegistry registry;
    /** One Timer per route, method and status, built once: requests only look it up. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(ignored -> timer(routeOf(rc), rc.request().method().name(), rc.response().getStatusCode())
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        rc.next();
    }

    private Timer timer(String route, String method, int status) {
        return timers.computeIfAbsent(route + " " + method + " " + status, key -> Timer.builder("slipway_api_request_duration")
                .description("Latency of API requests by route template, method and status")
                .tag("route", route)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry));
    }

    private static String routeOf(RoutingContext rc) {
        Route route = rc.currentRoute();
        String path = route == null ? null : route.getPath();
        return path == null ? "unmatched" : path;
    }
}
