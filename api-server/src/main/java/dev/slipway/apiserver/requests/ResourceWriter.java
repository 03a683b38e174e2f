package dev.slipway.apiserver.requests;

import dev.slipway.apiserver.http.ApiError;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.HttpURLConnection;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Creates numbered resources (Releases by revision, Builds by number). The next number comes from
 * the informer cache, which may lag a create made a moment ago: on AlreadyExists the writer tries
 * once more with the following number, then reports a conflict.
 */
public final class ResourceWriter {

    private final Vertx vertx;
    private final KubernetesClient client;

    public ResourceWriter(Vertx vertx, KubernetesClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /**
     * @param next    the next number as the cache sees it, asked again for the retry
     * @param desired the resource with a given number
     */
    public <T extends HasMetadata> Future<T> createNumbered(LongSupplier next, LongFunction<T> desired) {
        return vertx.executeBlocking(() -> {
            long number = next.getAsLong();
            try {
                return client.resource(desired.apply(number)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw translate(e);
                }
            }
            long retry = Math.max(number + 1, next.getAsLong());
            try {
                return client.resource(desired.apply(retry)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    throw ApiError.conflict("number " + retry + " was taken by a concurrent request as well; try again");
                }
                throw translate(e);
            }
        }, false);
    }

    /** Kubernetes refusing what the client asked for (schema or CEL rules) is the client's 422, not our 500. */
    private static RuntimeException translate(KubernetesClientException e) {
        if (e.getCode() == 422 && e.getStatus() != null) {
            return ApiError.unprocessable(null, e.getStatus().getMessage());
        }
        return e;
    }
}
