package dev.slipway.controller.rollout;

import dev.slipway.api.v1alpha1.FailurePolicy;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.model.HookJob;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.controller.status.Conditions;
import dev.slipway.controller.status.Timestamps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rollout of one release as a pure function: {@link #decide(Observation)} takes what was
 * observed and returns the next status and at most one action. The reconciler carries the action
 * out, writes the status and comes back on the next event; a controller that stops at any moment
 * and starts again decides the same from what the cluster holds.
 *
 * <p>Steps, in order: pre-hook; for Recreate, scale-down and mid-hook; rollout; post-hook. A hook
 * step appears only when the release has that hook.
 *
 * <p>Ordering between releases of one App: a release starts only when no lower revision is Pending
 * or Running. A release still Pending when a higher revision exists is Superseded without doing
 * anything; once started, a release always runs to an end (Complete, Failed or RolledBack), so a
 * migration is never cut off half way by a newer request.
 *
 * <p>Failure: a hook failing under Abort (or Retry out of attempts), a hook Job deleted by hand, or
 * the strategy's timeout passing before the rollout completes fails the release. When an earlier
 * release completed, the Deployment is restored to it and the release ends RolledBack; otherwise
 * it ends Failed. The timeout does not cover the post-hook: by then the new pods serve, and the
 * post-hook's Job has the same deadline of its own.
 */
public final class ReleaseStateMachine {

    public static final String PROGRESSING = "Progressing";
    public static final String SUCCEEDED = "Succeeded";
    public static final String ROLLED_BACK = "RolledBack";
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private ReleaseStateMachine() {
    }

    public static Decision decide(Observation observation) {
        return new Pass(observation).decide();
    }

    /** The steps a release with this config takes, all Pending. */
    public static List<ReleaseStep> plan(ReleaseConfig config) {
        // A list the release's status can go on changing.
        return new ArrayList<>(ReleaseConfigs.steps(config).stream().map(ReleaseStateMachine::step).toList());
    }

    /**
     * Delay before attempt {@code attempt + 1} of a Retry hook: the base, doubled per failed attempt.
     * Example with a 10 s base: 10 s before the second attempt, 20 s before the third.
     */
    static Duration retryDelay(Duration base, int failedAttempts) {
        return base.multipliedBy(1L << Math.min(failedAttempts - 1, 10));
    }

    private static ReleaseStep step(StepName name) {
        ReleaseStep step = new ReleaseStep();
        step.setName(name);
        step.setPhase(StepPhase.Pending);
        return step;
    }

    /** One decision; mutates only its own copy of the status. */
    private static final class Pass {
        private final Observation o;
        private final Release release;
        private final ReleaseConfig config;
        private final ReleaseStatus status;
        private final Instant now;
        private final List<Decision.Note> notes = new ArrayList<>();
        private Duration requeue;

        Pass(Observation observation) {
            this.o = observation;
            this.release = observation.release();
            this.config = release.getSpec().getConfig();
            this.status = release.getStatus() == null ? new ReleaseStatus()
                    : Serialization.unmarshal(Serialization.asJson(release.getStatus()), ReleaseStatus.class);
            this.now = observation.now();
        }

        Decision decide() {
            ReleasePhase phase = status.getPhase() == null ? ReleasePhase.Pending : status.getPhase();
            status.setObservedGeneration(release.getMetadata().getGeneration());
            return switch (phase) {
                case Pending -> pending();
                case Running -> running();
                default -> done(Action.NONE);
            };
        }

        private Decision pending() {
            status.setPhase(ReleasePhase.Pending);
            if (o.newerRevision().isPresent()) {
                return supersede(o.newerRevision().getAsLong());
            }
            if (o.olderInFlight()) {
                condition(PROGRESSING, false, "WaitingForEarlierRelease",
                        "an earlier release of " + release.getSpec().getApp() + " is still running");
                return done(Action.NONE);
            }
            status.setPhase(ReleasePhase.Running);
            status.setStartedAt(Timestamps.format(now));
            status.setSteps(plan(config));
            condition(PROGRESSING, true, "Started", "rollout started");
            note("ReleaseStarted", "Revision " + release.getSpec().getRevision() + " started: "
                    + String.join(", ", status.getSteps().stream().map(s -> s.getName().value()).toList()), false);
            return running();
        }

        private Decision running() {
            while (true) {
                Optional<ReleaseStep> current = status.getSteps().stream()
                        .filter(s -> s.getPhase() == StepPhase.Pending || s.getPhase() == StepPhase.Running).findFirst();
                if (current.isEmpty()) {
                    return complete();
                }
                ReleaseStep step = current.get();
                if (step.getName() != StepName.POST_HOOK) {
                    Instant deadline = Timestamps.parse(status.getStartedAt())
                            .plusSeconds(ReleaseConfigs.timeoutSeconds(config));
                    if (!now.isBefore(deadline)) {
                        return fail(step, "Timeout", "not complete within " + ReleaseConfigs.timeoutSeconds(config)
                                + " s (strategy.timeoutSeconds), during " + step.getName().value());
                    }
                    requeueWithin(Duration.between(now, deadline));
                }
                if (step.getPhase() == StepPhase.Pending) {
                    step.setPhase(StepPhase.Running);
                    step.setStartedAt(Timestamps.format(now));
                    condition(PROGRESSING, true, reasonOf(step.getName()), step.getName().value() + " running");
                }
                Optional<Decision> decided = switch (step.getName()) {
                    case PRE_HOOK, MID_HOOK, POST_HOOK -> hook(step);
                    case SCALE_DOWN -> scaleDown(step);
                    case ROLLOUT -> rollout(step);
                };
                if (decided.isPresent()) {
                    return decided.get();
                }
            }
        }

        /** Empty when the step finished and the next one may start in this pass. */
        private Optional<Decision> hook(ReleaseStep step) {
            Hook hook = hookOf(step.getName());
            int attempts = step.getAttempts() == null ? 0 : step.getAttempts();
            if (attempts == 0) {
                return Optional.of(attempt(step, 1, "attempt 1 started"));
            }
            HookJobState job = o.jobs().get(step.getJob());
            if (job == null) {
                // Created in an earlier pass and not in the cache yet: its add event will come.
                return Optional.of(done(Action.NONE));
            }
            switch (job.outcome()) {
                case RUNNING:
                    step.setMessage("attempt " + attempts + " running (Job " + step.getJob() + ")");
                    return Optional.of(done(Action.NONE));
                case SUCCEEDED:
                    finish(step, StepPhase.Complete, "attempt " + attempts + " succeeded");
                    note("HookSucceeded", step.getName().value() + " succeeded (Job " + step.getJob() + ")", false);
                    return Optional.empty();
                default:
                    break;
            }
            String why = job.outcome() == HookJobState.Outcome.MISSING
                    ? "Job " + step.getJob() + " was deleted before it finished"
                    : "Job " + step.getJob() + " failed" + (job.message() == null || job.message().isBlank() ? ""
                            : ": " + job.message().strip());
            FailurePolicy policy = hook.getFailurePolicy() == null ? FailurePolicy.Abort : hook.getFailurePolicy();
            int maxAttempts = hook.getMaxAttempts() == null ? DEFAULT_MAX_ATTEMPTS : hook.getMaxAttempts();
            // A Job deleted by hand is not retried: its pod may still be running the hook, and a person
            // stopped it. (Waiting for a backoff from its finish time, which it never had, never ended.)
            boolean deleted = job.outcome() == HookJobState.Outcome.MISSING;
            if (policy == FailurePolicy.Retry && attempts < maxAttempts && !deleted) {
                Instant failedAt = job.finishedAt() == null ? now : job.finishedAt();
                Instant retryAt = failedAt.plus(retryDelay(o.retryBaseDelay(), attempts));
                if (now.isBefore(retryAt)) {
                    step.setMessage("attempt " + attempts + " of " + maxAttempts + " failed (" + why + "); retrying at "
                            + Timestamps.format(retryAt));
                    requeueWithin(Duration.between(now, retryAt));
                    return Optional.of(done(Action.NONE));
                }
                note("HookRetried", step.getName().value() + " attempt " + attempts + " failed (" + why + "); attempt "
                        + (attempts + 1) + " of " + maxAttempts, true);
                return Optional.of(attempt(step, attempts + 1, "attempt " + (attempts + 1) + " of " + maxAttempts
                        + " started after: " + why));
            }
            if (policy == FailurePolicy.Ignore) {
                finish(step, StepPhase.Failed, why + " (ignored: failurePolicy Ignore)");
                note("HookFailed", step.getName().value() + ": " + why + " (ignored)", true);
                return Optional.empty();
            }
            String attemptsText = attempts == 1 ? "1 attempt" : attempts + " attempts";
            return Optional.of(fail(step, "HookFailed", step.getName().value() + " failed after " + attemptsText + ": " + why));
        }

        private Decision attempt(ReleaseStep step, int attempt, String message) {
            step.setAttempts(attempt);
            step.setJob(HookJob.name(release, step.getName(), attempt));
            step.setMessage(message);
            return done(new Action.CreateHookJob(step.getName(), attempt));
        }

        private Optional<Decision> scaleDown(ReleaseStep step) {
            Optional<DeploymentState> deployment = o.deployment();
            if (deployment.isPresent() && deployment.get().specReplicas() != 0) {
                step.setMessage("scaling the Deployment to 0");
                return Optional.of(done(new Action.ScaleDown()));
            }
            if (o.oldPods() > 0) {
                step.setMessage(o.oldPods() + " old pod" + (o.oldPods() == 1 ? "" : "s") + " still running");
                return Optional.of(done(Action.NONE));
            }
            finish(step, StepPhase.Complete, "no old pod is running");
            return Optional.empty();
        }

        private Optional<Decision> rollout(ReleaseStep step) {
            long revision = release.getSpec().getRevision();
            int wanted = o.replicas();
            Optional<DeploymentState> deployment = o.deployment();
            if (deployment.isEmpty() || deployment.get().templateRevision() != revision
                    || deployment.get().specReplicas() != wanted) {
                step.setMessage("updating the Deployment to revision " + revision + " with " + wanted + " pods");
                return Optional.of(done(new Action.ApplyRelease(wanted)));
            }
            DeploymentState d = deployment.get();
            if (d.rolledOut(revision, wanted)) {
                finish(step, StepPhase.Complete, wanted + " of " + wanted + " new pods available");
                return Optional.empty();
            }
            step.setMessage(Math.min(d.updatedReplicas(), d.availableReplicas()) + " of " + wanted
                    + " new pods available" + (d.replicas() > d.updatedReplicas()
                            ? ", " + (d.replicas() - d.updatedReplicas()) + " old still running" : ""));
            return Optional.of(done(Action.NONE));
        }

        private Decision complete() {
            status.setPhase(ReleasePhase.Complete);
            status.setCompletedAt(Timestamps.format(now));
            condition(PROGRESSING, false, "Complete", "rollout complete");
            condition(SUCCEEDED, true, "Complete", "revision " + release.getSpec().getRevision() + " is serving");
            note("ReleaseComplete", "Revision " + release.getSpec().getRevision() + " is serving", false);
            requeue = null;
            return done(Action.NONE);
        }

        private Decision fail(ReleaseStep step, String reason, String message) {
            if (step.getPhase() == StepPhase.Running || step.getPhase() == StepPhase.Pending) {
                finish(step, StepPhase.Failed, step.getMessage() == null || reason.equals("HookFailed") ? message
                        : step.getMessage() + "; " + message);
            }
            status.setCompletedAt(Timestamps.format(now));
            condition(PROGRESSING, false, reason, message);
            note("ReleaseFailed", message, true);
            requeue = null;
            if (o.lastComplete().isPresent()) {
                long target = o.lastComplete().getAsLong();
                status.setPhase(ReleasePhase.RolledBack);
                condition(SUCCEEDED, false, reason, message);
                condition(ROLLED_BACK, true, "AutomaticRollback", "the Deployment runs revision " + target + " again");
                note("RolledBack", "Rolled back to revision " + target + ": " + message, true);
                return done(new Action.RestoreRelease(target));
            }
            status.setPhase(ReleasePhase.Failed);
            condition(SUCCEEDED, false, reason, message + " (no earlier release to roll back to)");
            return done(Action.NONE);
        }

        private Decision supersede(long newer) {
            status.setPhase(ReleasePhase.Superseded);
            status.setCompletedAt(Timestamps.format(now));
            String message = "revision " + newer + " was requested before this release started";
            condition(PROGRESSING, false, "Superseded", message);
            condition(SUCCEEDED, false, "Superseded", message);
            note("Superseded", "Revision " + release.getSpec().getRevision() + " superseded: " + message, false);
            return done(Action.NONE);
        }

        private void finish(ReleaseStep step, StepPhase phase, String message) {
            step.setPhase(phase);
            step.setFinishedAt(Timestamps.format(now));
            step.setMessage(message);
        }

        private Hook hookOf(StepName name) {
            Hooks hooks = config.getHooks();
            return switch (name) {
                case PRE_HOOK -> hooks.getPre();
                case MID_HOOK -> hooks.getMid();
                case POST_HOOK -> hooks.getPost();
                default -> throw new IllegalArgumentException(name + " is not a hook");
            };
        }

        private static String reasonOf(StepName name) {
            StringBuilder reason = new StringBuilder();
            for (String part : name.value().split("-")) {
                reason.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            return reason.toString();
        }

        private void condition(String type, boolean value, String reason, String message) {
            status.setConditions(Conditions.set(status.getConditions(), type, value, reason, message,
                    release.getMetadata().getGeneration(), now));
        }

        private void note(String reason, String message, boolean warning) {
            notes.add(new Decision.Note(reason, message, warning));
        }

        private void requeueWithin(Duration duration) {
            Duration bounded = duration.isNegative() ? Duration.ZERO : duration;
            requeue = requeue == null || bounded.compareTo(requeue) < 0 ? bounded : requeue;
        }

        private Decision done(Action action) {
            return new Decision(action, status, Optional.ofNullable(requeue), List.copyOf(notes));
        }
    }
}
