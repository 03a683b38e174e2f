package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.model.AppDeployment;
import dev.slipway.controller.model.HookJob;
import dev.slipway.controller.rollout.Action;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * Carries out a release's action on the cluster; every one is safe to repeat (see crash safety): a
 * hook Job is created once per attempt (a repeated pass after a stop meets its own Job), applies and
 * scales state where to be, not what to change.
 */
final class ReleaseActions implements Action.Performer {

    private final ClusterWriter writer;
    private final Release release;
    private final App app;
    private final List<Release> releases;

    ReleaseActions(ClusterWriter writer, Release release, App app, List<Release> releases) {
        this.writer = writer;
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
        writer.createOnce(HookJob.desired(release, create.step(), hookOf(create.step()), create.attempt()));
    }

    @Override
    public void undoMigration(Action.UndoMigration undo) {
        writer.createOnce(HookJob.down(release, revision(undo.revision(), "whose migration to undo"), undo.attempt()));
    }

    @Override
    public void applyRelease(Action.ApplyRelease apply) {
        writer.apply(AppDeployment.desired(app, release, apply.replicas()));
    }

    @Override
    public void scaleDown() {
        writer.scale(release.getMetadata().getNamespace(), app.getMetadata().getName(), 0);
    }

    @Override
    public void restoreRelease(Action.RestoreRelease restore) {
        int replicas = app.getSpec().replicasOrDefault();
        writer.apply(AppDeployment.desired(app, revision(restore.revision(), "to roll back to"), replicas));
    }

    private Release revision(long revision, String what) {
        return Releases.withRevision(releases, revision).orElseThrow(() ->
                new IllegalStateException("revision " + revision + " " + what + " is gone"));
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
