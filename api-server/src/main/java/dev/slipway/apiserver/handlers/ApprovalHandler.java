package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.ApprovalStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.AuditLog;
import dev.slipway.apiserver.http.Responses;
import dev.slipway.apiserver.requests.ApprovalRequests;
import dev.slipway.apiserver.store.ResourceCache;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.net.HttpURLConnection;
import java.time.Instant;

/**
 * {@code releaseApproval}: approve or reject a release that awaits approval. The decision goes to
 * the release's status subresource, which only Slipway's accounts may write, and the controller
 * starts or ends the release from there.
 */
public final class ApprovalHandler {

    private final ResourceCache cache;
    private final Responses responses;
    private final KubernetesClient client;
    private final Vertx vertx;

    public ApprovalHandler(ResourceCache cache, Responses responses, KubernetesClient client, Vertx vertx) {
        this.cache = cache;
        this.responses = responses;
        this.client = client;
        this.vertx = vertx;
    }

    public void decide(RoutingContext rc) {
        App app = AppLookup.require(cache, rc);
        Release release = AppLookup.requireRelease(cache, app, Long.parseLong(rc.pathParam("revision")));
        JsonObject body = Bodies.body(rc);
        String user = AccessHandlers.identity(rc).username();
        ApprovalStatus approval = ApprovalRequests.status(ApprovalRequests.decision(body.getString("decision")), user,
                body.getString("reason"), Instant.now());
        AuditLog.note(rc, "release", "releases/" + release.getMetadata().getName());
        AuditLog.note(rc, "decision", approval.getDecision().name());
        AuditLog.note(rc, "reason", approval.getReason());
        ApprovalRequests.check(release, user, Instant.now());
        String json = client.getKubernetesSerialization().asJson(ApprovalRequests.patch(release, approval));
        vertx.executeBlocking(() -> client.resources(Release.class).inNamespace(release.getMetadata().getNamespace())
                        .withName(release.getMetadata().getName()).subresource("status")
                        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                                .withFieldManager(ApprovalRequests.FIELD_MANAGER).build(), json), false)
                .onSuccess(decided -> responses.json(rc, 200, decided))
                .onFailure(e -> rc.fail(changedMeanwhile(e) ? ApiError.conflict("release "
                        + release.getMetadata().getName() + " changed while this was decided (the controller or"
                        + " another approver acted on it); look at it again") : e));
    }

    private static boolean changedMeanwhile(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }
}
