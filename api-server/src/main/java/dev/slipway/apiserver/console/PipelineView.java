package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;

import dev.slipway.apiserver.requests.Requests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest release as a row of steps in order: its build when a build started it, then the
 * steps the controller planned (or, before it has, the steps its config implies), each with its
 * state, start, duration, attempts and, for a hook, where its log is.
 */
public record PipelineView(long revision, String release, StateLabels phase, String reason, String image,
                    String requestedBy, List<Step> steps) {

    /** One step; {@code hook} is {@code pre}, {@code mid} or {@code post} for a hook step, else null. */
    public record Step(String name, StateLabels state, String startedAt, String duration, Integer attempts,
                String message, String hook) {
    }

    /**
     * @param appConfig the App's config now: a release the API just created has none of its own
     *                  until the controller snapshots it, and will get this one
     */
    static PipelineView of(Release release, Build build, ReleaseConfig appConfig, Instant now) {
        List<Step> steps = new ArrayList<>();
        if (build != null) {
            var status = build.getStatus();
            steps.add(new Step("build " + build.getMetadata().getName(),
                    StateLabels.of(status == null || status.getPhase() == null ? "New" : status.getPhase().name()),
                    status == null ? null : status.getStartedAt(),
                    status == null ? "" : Durations.between(status.getStartedAt(), status.getCompletedAt(), now),
                    null, status == null ? null : status.getMessage(), null));
        }
        List<ReleaseStep> recorded = release.getStatus() == null || release.getStatus().getSteps() == null
                ? List.of() : release.getStatus().getSteps();
        if (recorded.isEmpty()) {
            ReleaseConfig config = release.getSpec().getConfig() != null ? release.getSpec().getConfig() : appConfig;
            for (StepName name : ReleaseConfigs.steps(config)) {
                steps.add(new Step(name.value(), StateLabels.of("Pending"), null, "", null, null, hookOf(name)));
            }
        }
        for (ReleaseStep step : recorded) {
            steps.add(new Step(step.getName().value(),
                    StateLabels.of(step.getPhase() == null ? "Pending" : step.getPhase().name()),
                    step.getStartedAt(), Durations.between(step.getStartedAt(), step.getFinishedAt(), now),
                    step.getAttempts(), step.getMessage(), step.getJob() == null ? null : hookOf(step.getName())));
        }
        ReleasePhase phase = release.getStatus() == null || release.getStatus().getPhase() == null
                ? ReleasePhase.Pending : release.getStatus().getPhase();
        return new PipelineView(release.getSpec().getRevision(), release.getMetadata().getName(),
                StateLabels.of(phase.name()), release.getSpec().getReason(), release.getSpec().getImage(),
                release.getMetadata().getAnnotations() == null ? null
                        : release.getMetadata().getAnnotations().get(Requests.REQUESTED_BY), steps);
    }

    /** Whether it waits for someone other than its requester to approve it. */
    public boolean awaitingApproval() {
        return ReleasePhase.AwaitingApproval.name().equals(phase.text());
    }

    /** The hook name of the API's hook log call for a hook step. */
    static String hookOf(StepName step) {
        return switch (step) {
            case PRE_HOOK -> "pre";
            case MID_HOOK -> "mid";
            case POST_HOOK -> "post";
            case MIGRATE_DOWN, SCALE_DOWN, ROLLOUT -> null;
        };
    }
}
