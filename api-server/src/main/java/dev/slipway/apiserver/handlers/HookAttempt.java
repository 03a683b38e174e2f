package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.apiserver.http.ApiError;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One attempt of one hook of a release, as its status records it: the Job that ran it, and whether
 * that Job may still be starting its pod (the step's latest attempt, still running).
 *
 * @param hook          pre, mid or post
 * @param number        the attempt, from 1
 * @param job           the name of the attempt's Job
 * @param mayStillStart whether a missing pod may yet come, rather than be gone
 */
record HookAttempt(String hook, int number, String job, boolean mayStillStart) {

    /**
     * Attempt {@code requested} (the latest when null) of the hook that {@code step} runs; a 404 when
     * the release has no such step, the hook has not started, or has not made that many attempts.
     */
    static HookAttempt of(Release release, StepName step, Integer requested) {
        String name = release.getMetadata().getName();
        String hook = HookNames.hook(step);
        List<ReleaseStep> steps = release.getStatus() == null || release.getStatus().getSteps() == null ? List.of()
                : release.getStatus().getSteps();
        if (steps.isEmpty()) {
            throw ApiError.notFound("release \"" + name + "\" has not started: it has no steps yet");
        }
        ReleaseStep found = steps.stream().filter(s -> s.getName() == step).findFirst().orElseThrow(
                () -> ApiError.notFound("release \"" + name + "\" has no " + hook + " hook"));
        int attempts = found.getAttempts() == null ? 0 : found.getAttempts();
        if (attempts == 0 || found.getJob() == null) {
            throw ApiError.notFound("the " + hook + " hook of release \"" + name + "\" has not started (" + step.value()
                    + " is " + found.getPhase() + ")");
        }
        int number = requested == null ? attempts : requested;
        if (number > attempts) {
            throw ApiError.notFound("the " + hook + " hook of release \"" + name + "\" has made " + attempts
                    + (attempts == 1 ? " attempt" : " attempts") + ", not " + number);
        }
        // The status names the latest attempt's Job; an earlier one's name follows the controller's rule.
        String job = number == attempts ? found.getJob() : HookNames.job(name, step, number);
        return new HookAttempt(hook, number, job, number == attempts && found.getPhase() == StepPhase.Running);
    }

    /**
     * The attempt's pod among the pods of its Job: the newest, since a Job makes a new pod when one
     * is evicted or deleted before it ends, and the new one runs the hook.
     */
    static Optional<Pod> newest(List<Pod> pods) {
        return pods.stream().max(Comparator
                .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? ""
                        : p.getMetadata().getCreationTimestamp())
                .thenComparing(p -> p.getMetadata().getName()));
    }

    /** The message of a 409 or a 404 about this attempt's pod. */
    String describe() {
        return "attempt " + number + " of the " + hook + " hook (Job " + job + ")";
    }
}
