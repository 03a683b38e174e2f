package dev.slipway.controller.model;

import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Migrations;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.StepName;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Job of one attempt of one hook of one release. Its name derives from all three, so a
 * controller that restarts and tries again meets AlreadyExists instead of running a migration
 * twice. The Job runs once (no retries of its own: attempts are Slipway's) and is kept, owned by
 * its Release, so its pod and log stay readable until the release is pruned.
 */
public final class HookJob {

    private HookJob() {
    }

    /** {@code shop-7-mid-1}: release {@code shop-7}, mid hook, first attempt. */
    public static String name(Release release, StepName step, int attempt) {
        return HookNames.job(release.getMetadata().getName(), step, attempt);
    }

    public static Job desired(Release release, StepName step, Hook hook, int attempt) {
        return job(release, name(release, step, attempt), step, attempt, release, hook.getCommand(), hook.getPodMetadata());
    }

    /**
     * The Job of one attempt of {@code owner} (a rollback, or a failed release undoing itself) at
     * undoing the migration of {@code undone}: its down command, from its image and with its env,
     * since only the newer code knows the schema it made.
     */
    public static Job down(Release owner, Release undone, int attempt) {
        String name = HookNames.downJob(owner.getMetadata().getName(), undone.getSpec().getRevision(), attempt);
        PodMetadata podMetadata = Migrations.hook(undone.getSpec().getConfig()).map(e -> e.getValue().getPodMetadata())
                .orElse(null);
        return job(owner, name, StepName.MIGRATE_DOWN, attempt, undone, Migrations.down(undone.getSpec().getConfig()),
                podMetadata);
    }

    private static Job job(Release release, String name, StepName step, int attempt, Release runs, List<String> command,
            PodMetadata hookPodMetadata) {
        ReleaseConfig config = runs.getSpec().getConfig();
        String app = release.getSpec().getApp();
        String revision = Long.toString(release.getSpec().getRevision());
        Map<String, String> labels = Map.of(Labels.APP, app, Labels.REVISION, revision, Labels.ROLE, Labels.HOOK,
                Labels.RELEASE, release.getMetadata().getName(), Labels.STEP, step.value(),
                Labels.ATTEMPT, Integer.toString(attempt));
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(release.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(Owners.controllerReference(release))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds((long) ReleaseConfigs.timeoutSeconds(config))
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(PodTemplates.labels(labels, config.getPodMetadata(), hookPodMetadata))
                            .withAnnotations(PodTemplates.annotations(Map.of(), config.getPodMetadata(), hookPodMetadata))
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .addNewContainer()
                                .withName(HookNames.CONTAINER)
                                .withImage(runs.getSpec().getImage())
                                .withCommand(command)
                                .withEnv(PodTemplates.env(config.getEnv()))
                                .withResources(PodTemplates.resources(config.getResources()))
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }
}
