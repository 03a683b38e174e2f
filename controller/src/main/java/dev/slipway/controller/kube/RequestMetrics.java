package dev.slipway.controller.kube;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the controller's requests to the API server by HTTP method
 * ({@code slipway_kube_requests_total{method="PATCH"}}): writes per App and writes while idle are
 * the cost Slipway puts on a cluster, and the benchmark reads them here.
 */
public final class RequestMetrics implements Interceptor {

    public static final String NAME = "slipway.kube.requests";

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        registry.counter(NAME, "method", request.method()).increment();
    }
}
