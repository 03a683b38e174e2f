package dev.slipway.controller.model;

import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.StepName;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
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
        ReleaseConfig config = release.getSpec().getConfig();
        String app = release.getSpec().getApp();
        String revision = Long.toString(release.getSpec().getRevision());
        Map<String, String> labels = Map.of(Labels.APP, app, Labels.REVISION, revision, Labels.ROLE, Labels.HOOK,
                Labels.RELEASE, release.getMetadata().getName(), Labels.STEP, step.value(),
                Labels.ATTEMPT, Integer.toString(attempt));
        return new JobBuilder()
                .withNewMetadata().withName(name(release, step, attempt)).withNamespace(release.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(Owners.controllerReference(release))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds((long) ReleaseConfigs.timeoutSeconds(config))
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(PodTemplates.labels(labels, config.getPodMetadata(), hook.getPodMetadata()))
                            .withAnnotations(PodTemplates.annotations(Map.of(), config.getPodMetadata(), hook.getPodMetadata()))
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .addNewContainer()
                                .withName(HookNames.CONTAINER)
                                .withImage(release.getSpec().getImage())
                                .withCommand(hook.getCommand())
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
