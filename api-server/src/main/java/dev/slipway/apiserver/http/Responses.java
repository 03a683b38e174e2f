package dev.slipway.apiserver.http;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.ext.web.RoutingContext;

/** Writes resources as JSON the way kubectl would show them. */
public final class Responses {

    private final KubernetesSerialization serialization;

    public Responses(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    public void json(RoutingContext rc, int status, Object body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(serialization.asJson(body));
    }

    /** JSON already serialized. */
    public void rawJson(RoutingContext rc, int status, byte[] json) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(json));
    }

    /** The serialization of every response, for callers that keep serialized bodies. */
    public String toJson(Object body) {
        return serialization.asJson(body);
    }

    /** {@code {"items": [...]}}, like a Kubernetes list. */
    public void list(RoutingContext rc, java.util.List<?> items) {
        json(rc, 200, java.util.Map.of("items", items));
    }
}
