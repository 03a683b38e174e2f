package dev.slipway.apiserver.handlers;

import dev.slipway.apiserver.http.ApiError;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Optional;

/**
 * Answers a log request with a pod's log ({@link PodLog}) as plain text; with {@code follow=true}
 * streamed until the pod ends. The pod is looked up and read on a worker thread: the Kubernetes
 * client blocks, and a followed log for as long as the pod writes.
 */
final class PodLogResponses {

    /** Looks up the pod whose log is asked for, live; empty when it is gone. */
    interface PodFinder {
        Optional<Pod> find(KubernetesClient client);
    }

    private final KubernetesClient client;
    private final Vertx vertx;

    PodLogResponses(KubernetesClient client, Vertx vertx) {
        this.client = client;
        this.vertx = vertx;
    }

    /** The pod {@code name} of {@code namespace}. */
    static PodFinder named(String namespace, String name) {
        return client -> Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
    }

    /**
     * Sends the log of the pod {@code finder} finds in {@code namespace}, made of its {@code steps};
     * 404 with {@code gone} when there is no such pod, or it goes before its log could be read.
     */
    void send(RoutingContext rc, String namespace, PodFinder finder, PodLog.Steps steps, String gone) {
        boolean follow = "true".equals(rc.request().getParam("follow"));
        HttpServerResponse response = rc.response();
        vertx.executeBlocking(() -> {
            Pod now = finder.find(client).orElseThrow(() -> ApiError.notFound(gone));
            PodLog log = new PodLog(client, namespace, now.getMetadata().getName(), steps);
            if (!follow) {
                return log.text(now);
            }
            response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8");
            log.follow(now, bytes -> response.write(Buffer.buffer(bytes)), response::closed);
            return null;
        }, false).onSuccess(text -> {
            if (text != null) {
                response.putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
            } else if (!response.ended() && !response.closed()) {
                response.end();
            }
        }).onFailure(e -> rc.fail(e instanceof KubernetesClientException k && k.getCode() == 404
                ? ApiError.notFound(gone) : e instanceof IOException
                ? ApiError.unavailable("the log stream broke") : e));
    }
}
