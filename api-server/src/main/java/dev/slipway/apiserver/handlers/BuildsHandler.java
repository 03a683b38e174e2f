package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.store.ResourceCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;

/** Builds: {@code listBuilds}, {@code createBuild}, {@code buildLog}. */
public final class BuildsHandler {

    private final ResourceCache cache;
    private final BuildStarter starter;
    private final Responses responses;
    private final KubernetesClient client;
    private final Vertx vertx;

    BuildsHandler(ResourceCache cache, BuildStarter starter, Responses responses, KubernetesClient client, Vertx vertx) {
        this.cache = cache;
        this.starter = starter;
        this.responses = responses;
        this.client = client;
        this.vertx = vertx;
    }

    public void list(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        responses.list(rc, cache.builds(app.getMetadata().getNamespace(), app.getMetadata().getName()));
    }

    public void create(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        JsonObject body = Bodies.body(rc);
        String user = AccessHandlers.identity(rc).username();
        starter.start(app, body.getString("ref"), null, Requests.requestedBy(user, body.getString("reason")),
                        new Requests.Requester(user, RequestIds.of(rc)))
                .onSuccess(created -> {
                    AuditLog.note(rc, "created", "builds/" + created.getMetadata().getName());
                    responses.json(rc, 202, created);
                })
                .onFailure(rc::fail);
    }

    /**
     * The build's log as plain text, its steps in order ({@link BuildPodLog}); with {@code follow=true}
     * streamed until the pod ends. Read on a worker thread, since the Kubernetes client's log stream blocks.
     */
    public void log(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("build");
        Build build = cache.build(ns, name).orElseThrow(
                () -> ApiError.notFound("build \"" + name + "\" not found in namespace \"" + ns + "\""));
        String pod = build.getStatus() == null ? null : build.getStatus().getPodName();
        if (pod == null) {
            throw ApiError.conflict("build \"" + name + "\" has no pod yet; try again when it is Running");
        }
        boolean follow = "true".equals(rc.request().getParam("follow"));
        HttpServerResponse response = rc.response();
        vertx.executeBlocking(() -> {
            BuildPodLog log = new BuildPodLog(client, ns, pod);
            Pod now = log.current().orElseThrow(() -> ApiError.notFound("the pod of build \"" + name + "\" is gone"));
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
                ? ApiError.notFound("the pod of build \"" + name + "\" is gone") : e instanceof IOException
                ? ApiError.unavailable("the log stream broke") : e));
    }
}
