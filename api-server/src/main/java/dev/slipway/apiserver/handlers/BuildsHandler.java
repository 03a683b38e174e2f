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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Builds: {@code listBuilds}, {@code createBuild}, {@code buildLog}. */
public final class BuildsHandler {

    private final ResourceCache cache;
    private final BuildStarter starter;
    private final Responses responses;
    private final PodLogResponses podLogs;

    BuildsHandler(ResourceCache cache, BuildStarter starter, Responses responses, PodLogResponses podLogs) {
        this.cache = cache;
        this.starter = starter;
        this.responses = responses;
        this.podLogs = podLogs;
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

    /** The build's log: every step of its pod in order ({@link PodLog#EVERY_CONTAINER}). */
    public void log(RoutingContext rc) {
        String ns = rc.pathParam("ns");
        String name = rc.pathParam("build");
        Build build = cache.build(ns, name).orElseThrow(
                () -> ApiError.notFound("build \"" + name + "\" not found in namespace \"" + ns + "\""));
        String pod = build.getStatus() == null ? null : build.getStatus().getPodName();
        if (pod == null) {
            throw ApiError.conflict("build \"" + name + "\" has no pod yet; try again when it is Running");
        }
        podLogs.send(rc, ns, PodLogResponses.named(ns, pod), PodLog.EVERY_CONTAINER,
                "the pod of build \"" + name + "\" is gone");
    }
}
