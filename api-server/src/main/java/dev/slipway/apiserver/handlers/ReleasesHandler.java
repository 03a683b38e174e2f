package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.ReleasePlan;
import dev.slipway.apiserver.requests.ReleaseRequests;
import dev.slipway.apiserver.requests.Requests;
import dev.slipway.apiserver.requests.ResourceWriter;
import dev.slipway.apiserver.store.ResourceCache;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Release history and requests: {@code listReleases}, {@code getRelease}, {@code createRelease}, {@code rollback}. */
public final class ReleasesHandler {

    private final ResourceCache cache;
    private final ResourceWriter writer;
    private final Responses responses;
    private final KubernetesClient client;
    private final Vertx vertx;

    public ReleasesHandler(ResourceCache cache, ResourceWriter writer, Responses responses, KubernetesClient client,
                           Vertx vertx) {
        this.cache = cache;
        this.writer = writer;
        this.responses = responses;
        this.client = client;
        this.vertx = vertx;
    }

    public void list(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        responses.list(rc, cache.releases(app.getMetadata().getNamespace(), app.getMetadata().getName()));
    }

    public void get(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        long revision = Long.parseLong(rc.pathParam("revision"));
        responses.json(rc, 200, AppLookup.requireRelease(cache, app, revision));
    }

    public void create(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        JsonObject body = Bodies.body(rc);
        release(rc, app, body.getString("image"), body.getString("reason"), null, false);
    }

    public void rollback(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        JsonObject body = Bodies.body(rc);
        long target = body.getLong("toRevision");
        Release restored = revision(app, target).orElseThrow(() -> ApiError.unprocessable("toRevision",
                "toRevision: app \"" + app.getMetadata().getName() + "\" has no revision " + target));
        boolean force = Boolean.TRUE.equals(body.getBoolean("force"));
        if (!dryRun(rc)) {
            ReleaseRequests.rollbackRefusal(cache.releases(app.getMetadata().getNamespace(), app.getMetadata().getName()),
                    target, force).ifPresent(refused -> {
                        throw ApiError.unprocessable("toRevision", "toRevision: " + refused);
                    });
        }
        release(rc, app, null, body.getString("reason"), restored, force);
    }

    private static boolean dryRun(RoutingContext rc) {
        return "true".equals(rc.request().getParam("dryRun"));
    }

    private void release(RoutingContext rc, App app, String image, String reason, Release rollbackOf, boolean force) {
        Requests.Requester who = new Requests.Requester(AccessHandlers.identity(rc).username(), RequestIds.of(rc));
        String ns = app.getMetadata().getNamespace();
        String name = app.getMetadata().getName();
        if (dryRun(rc)) {
            plan(rc, app, image, reason, rollbackOf, who, force);
            return;
        }
        vertx.executeBlocking(() -> namespaceLabels(ns), false)
                .compose(labels -> writer.createNumbered(
                        () -> ReleaseRequests.nextRevision(app, cache.releases(ns, name)),
                        revision -> ReleaseRequests.forced(
                                ReleaseRequests.desired(app, revision, image, reason, rollbackOf, who, labels), force)))
                .onSuccess(created -> {
                    AuditLog.note(rc, "created", "releases/" + created.getMetadata().getName());
                    AuditLog.note(rc, "reason", created.getSpec().getReason());
                    AuditLog.note(rc, "approvalRequired", ReleaseApprovals.requires(created));
                    if (force) {
                        AuditLog.note(rc, "force", true);
                    }
                    rc.response().putHeader("Location", "/api/v1/namespaces/" + ns + "/apps/" + name + "/releases/"
                            + created.getSpec().getRevision());
                    responses.json(rc, 202, created);
                })
                .onFailure(rc::fail);
    }

    /**
     * The labels of the App's namespace, which say whether its releases need approval: read live
     * (get on one namespace) rather than watched, since a request is rare and an informer would
     * need every namespace. Blocks.
     */
    private Map<String, String> namespaceLabels(String ns) {
        Namespace namespace = client.namespaces().withName(ns).get();
        return namespace == null ? null : namespace.getMetadata().getLabels();
    }

    /**
     * The release's plan, nothing written: the namespace's labels (whether it would need approval)
     * and the Secrets its env names (whether they and their keys exist, never their values) are
     * read on a worker thread, since the client blocks.
     */
    private void plan(RoutingContext rc, App app, String image, String reason, Release rollbackOf,
                      Requests.Requester who, boolean force) {
        String ns = app.getMetadata().getNamespace();
        List<Release> releases = cache.releases(ns, app.getMetadata().getName());
        vertx.executeBlocking(() -> ReleasePlan.of(app, releases, ReleaseRequests.forced(ReleaseRequests.desired(app,
                ReleaseRequests.nextRevision(app, releases), image, reason, rollbackOf, who, namespaceLabels(ns)), force),
                rollbackOf, secret -> Optional
                        .ofNullable(client.secrets().inNamespace(ns).withName(secret).get())
                        .map(found -> {
                            Set<String> keys = new HashSet<>();
                            keys.addAll(found.getData() == null ? Set.of() : found.getData().keySet());
                            keys.addAll(found.getStringData() == null ? Set.of() : found.getStringData().keySet());
                            return keys;
                        })), false)
                .onSuccess(plan -> responses.json(rc, 200, plan))
                .onFailure(rc::fail);
    }

    private Optional<Release> revision(App app, long revision) {
        return cache.release(app.getMetadata().getNamespace(), app.getMetadata().getName(), revision);
    }
}
