package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.kube.Applier;
import dev.slipway.controller.model.AppDeployment;
import dev.slipway.controller.model.HookJob;
import dev.slipway.controller.rollout.Action;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a release's action on the cluster; every one is safe to repeat (see crash safety). */
final class ReleaseActions implements Action.Performer {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseActions.class);

    private final KubernetesClient client;
    private final Release release;
    private final App app;
    private final List<Release> releases;

    ReleaseActions(KubernetesClient client, Release release, App app, List<Release> releases) {
        this.client = client;
        this.release = release;
        this.app = app;
        this.releases = releases;
    }

    @Override
    public void none() {
        // Nothing to change: the next event or the requeue brings the next pass.
    }

    @Override
    public void createHookJob(Action.CreateHookJob create) {
        createOnce(HookJob.desired(release, create.step(), hookOf(create.step()), create.attempt()));
    }

    @Override
    public void undoMigration(Action.UndoMigration undo) {
        createOnce(HookJob.down(release, revision(undo.revision(), "whose migration to undo"), undo.attempt()));
    }

    @Override
    public void applyRelease(Action.ApplyRelease apply) {
        new Applier(client).apply(AppDeployment.desired(app, release, apply.replicas()));
    }

    @Override
    public void scaleDown() {
        client.apps().deployments().inNamespace(release.getMetadata().getNamespace())
                .withName(app.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}");
    }

    @Override
    public void restoreRelease(Action.RestoreRelease restore) {
        int replicas = app.getSpec().getReplicas() == null ? 1 : app.getSpec().getReplicas();
        new Applier(client).apply(AppDeployment.desired(app, revision(restore.revision(), "to roll back to"), replicas));
    }

    private Release revision(long revision, String what) {
        return Releases.withRevision(releases, revision).orElseThrow(() ->
                new IllegalStateException("revision " + revision + " " + what + " is gone"));
    }

    /** A second create of the same attempt (a pass repeated after a stop) meets 409: created already. */
    private void createOnce(Job job) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("Hook Job {} already exists: created by an earlier pass", job.getMetadata().getName());
        }
    }

    private Hook hookOf(StepName step) {
        var hooks = release.getSpec().getConfig().getHooks();
        return switch (step) {
            case PRE_HOOK -> hooks.getPre();
            case MID_HOOK -> hooks.getMid();
            case POST_HOOK -> hooks.getPost();
            default -> throw new IllegalArgumentException(step.value());
        };
    }
}
