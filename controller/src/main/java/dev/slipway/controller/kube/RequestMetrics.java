package dev.slipway.controller.kube;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Counts the controller's requests to the API server by HTTP method and resource
 * ({@code slipway_kube_requests_total{method="PATCH",resource="releases/status"}}): writes per App
 * and writes while idle are the cost Slipway puts on a cluster, and the benchmarks read them here,
 * by resource, to say what each write is for. Resources and subresources are a short fixed list, so
 * the tag keeps the series few; names and namespaces are left out for that reason.
 */
public final class RequestMetrics implements Interceptor {

    public static final String NAME = "slipway.kube.requests";
    /** Compiled once: the tag is computed for every request the controller sends. */
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");

    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        registry.counter(NAME, "method", request.method(), "resource", resource(request.uri())).increment();
    }

    /**
     * The resource of a Kubernetes API path, with its subresource: {@code /apis/apps/v1/namespaces/a/
     * deployments/web/scale} is {@code deployments/scale}, {@code /api/v1/namespaces/a} is
     * {@code namespaces}; a path outside the resource API ({@code /version}) is {@code other}.
     */
    static String resource(URI uri) {
        String[] path = EDGE_SLASHES.matcher(uri.getPath()).replaceAll("").split("/+");
        int version = path.length > 0 && path[0].equals("api") ? 1 : path.length > 0 && path[0].equals("apis") ? 2 : -1;
        int at = version + 1;
        if (version < 0 || path.length <= at) {
            return "other";
        }
        if (path[at].equals("namespaces") && path.length > at + 2) {
            at += 2;
        }
        return path.length > at + 2 ? path[at] + "/" + path[at + 2] : path[at];
    }
}
