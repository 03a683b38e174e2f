package dev.slipway.controller.rollout;

import static dev.slipway.api.v1alpha1.ConditionTypes.APPROVED;
import static dev.slipway.api.v1alpha1.ConditionTypes.FORCED;
import static dev.slipway.api.v1alpha1.ConditionTypes.PROGRESSING;
import static dev.slipway.api.v1alpha1.ConditionTypes.REASON_WRITE_REFUSED;
import static dev.slipway.api.v1alpha1.ConditionTypes.ROLLED_BACK;
import static dev.slipway.api.v1alpha1.ConditionTypes.ROLLING_BACK;
import static dev.slipway.api.v1alpha1.ConditionTypes.SUCCEEDED;

import dev.slipway.api.v1alpha1.ApprovalDecision;
import dev.slipway.api.v1alpha1.ApprovalStatus;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.FailurePolicy;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Migrations;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.controller.model.HookJob;
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
 * <p>Approval: a release whose spec requires it waits AwaitingApproval, running nothing, until the
 * API server records a decision in its status. Approved, it goes on as any Pending release (it may
 * still wait for an earlier one); rejected, or approved by its own requester or by one of Slipway's
 * accounts, it ends Rejected; undecided at its expiry, Expired. A newer revision supersedes it.
 *
 * <p>Failure: a hook failing under Abort (or Retry out of attempts), a hook Job deleted by hand, or
 * the strategy's timeout passing before the rollout completes fails the release. When an earlier
 * release completed, the Deployment is restored to it and the release ends RolledBack; otherwise
 * it ends Failed. The timeout does not cover the post-hook: by then the new pods serve, and the
 * post-hook's Job has the same deadline of its own.
 *
 * <p>Migrations: a rollback across newer releases whose migration ran starts with their down
 * commands (migrate-down steps, newest first), or, when one of them is irreversible, is refused
 * unless forced. A release that fails after its own migration ran undoes it before the earlier
 * release is restored, or, irreversible, ends Failed without restoring it: an older image must not
 * start against a schema it does not know.
 */
public final class ReleaseStateMachine {

    /**
     * Refusals in a row before a release ends. One is not enough: a quota freed or a webhook fixed a
     * second later should not cost a release. More would only delay the outcome: with the SDK's
     * backoff (2 s, then 3 s) the third refusal comes about five seconds after the first, and a
     * refusal that came three times running is not going away by itself.
     */
    public static final int REFUSED_WRITES = 3;

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

    private static ReleaseStep down(long undoes) {
        ReleaseStep step = step(StepName.MIGRATE_DOWN);
        step.setUndoes(undoes);
        return step;
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
            if (o.refused().isPresent() && !phase.isFinal()) {
                return refused(phase, o.refused().get());
            }
            return switch (phase) {
                case Pending, AwaitingApproval -> pending(phase);
                case Running -> running();
                default -> done(Action.NONE);
            };
        }

        /**
         * The write of a pass deciding from this same observation was refused. Below the bound the
         * release keeps its status (the action did not happen, so nothing may record it) and shows
         * the refusal, with a phase even if it never had one. At the bound it fails at the step
         * whose write it was, under the usual failure rules; a release that had not started ends
         * Failed: nothing of it ran.
         */
        private Decision refused(ReleasePhase phase, Observation.Refused refused) {
            if (refused.attempt() < REFUSED_WRITES && !refused.lastTry()) {
                status.setPhase(phase);
                condition(PROGRESSING, false, REASON_WRITE_REFUSED, refused.message() + " (refused " + refused.attempt()
                        + " of " + REFUSED_WRITES + " times; retrying)");
                note(REASON_WRITE_REFUSED, "Revision " + release.getSpec().getRevision() + ": " + refused.message(), true);
                return done(Action.NONE);
            }
            String message = "refused " + refused.attempt() + " times: " + refused.message();
            if (phase != ReleasePhase.Running && config == null) {
                return end(ReleasePhase.Failed, REASON_WRITE_REFUSED, message, "Revision " + release.getSpec().getRevision()
                        + " failed: " + message, true);
            }
            Decision decided = phase == ReleasePhase.Running ? running() : pending(phase);
            if (status.getPhase().isFinal()) {
                return decided;
            }
            Optional<ReleaseStep> step = status.getPhase() == ReleasePhase.Running ? status.getSteps().stream()
                    .filter(s -> s.getPhase() == StepPhase.Pending || s.getPhase() == StepPhase.Running).findFirst()
                    : Optional.empty();
            return step.map(s -> fail(s, REASON_WRITE_REFUSED, message)).orElseGet(() -> end(ReleasePhase.Failed,
                    REASON_WRITE_REFUSED, message, "Revision " + release.getSpec().getRevision() + " failed: " + message, true));
        }

        private Decision pending(ReleasePhase was) {
            status.setPhase(ReleasePhase.Pending);
            if (o.newerRevision().isPresent()) {
                return supersede(o.newerRevision().getAsLong());
            }
            Optional<Decision> held = approval(was);
            if (held.isPresent()) {
                return held.get();
            }
            if (o.olderInFlight()) {
                condition(PROGRESSING, false, "WaitingForEarlierRelease",
                        "an earlier release of " + release.getSpec().getApp() + " is still running");
                return done(Action.NONE);
            }
            Optional<Decision> refused = refuseAcrossIrreversible();
            if (refused.isPresent()) {
                return refused.get();
            }
            status.setPhase(ReleasePhase.Running);
            status.setStartedAt(Timestamps.format(now));
            List<ReleaseStep> steps = new ArrayList<>();
            Migrations.reversibleOnly(o.crossed()).forEach(r -> steps.add(down(r.getSpec().getRevision())));
            steps.addAll(plan(config));
            status.setSteps(steps);
            condition(PROGRESSING, true, "Started", "rollout started");
            note("ReleaseStarted", "Revision " + release.getSpec().getRevision() + " started: "
                    + String.join(", ", status.getSteps().stream().map(s -> s.getName().value()).toList()), false);
            return running();
        }

        /**
         * Empty when the release needs no approval or has it; else it waits for a decision (and its
         * expiry), or ends Rejected or Expired. The gate comes before the wait for earlier releases,
         * so a release can be approved while another one runs.
         */
        private Optional<Decision> approval(ReleasePhase was) {
            if (!ReleaseApprovals.requires(release)) {
                return Optional.empty();
            }
            ApprovalStatus decided = status.getApproval();
            if (decided != null) {
                return decided(decided);
            }
            Optional<Instant> expiresAt = ReleaseApprovals.expiresAt(release);
            if (expiresAt.isPresent() && !now.isBefore(expiresAt.get())) {
                String message = "not approved within " + ReleaseApprovals.expiresAfter(release) + " s of its request";
                return Optional.of(end(ReleasePhase.Expired, "ApprovalExpired", message,
                        "Revision " + release.getSpec().getRevision() + " expired: " + message, true));
            }
            String waiting = "waiting" + expiresAt.map(at -> " until " + Timestamps.format(at)).orElse("")
                    + " for approval by " + ReleaseApprovals.approver(release);
            status.setPhase(ReleasePhase.AwaitingApproval);
            condition(PROGRESSING, false, "AwaitingApproval", waiting);
            if (was != ReleasePhase.AwaitingApproval) {
                note("AwaitingApproval", "Revision " + release.getSpec().getRevision() + " is " + waiting, false);
            }
            expiresAt.ifPresent(at -> requeueWithin(Duration.between(now, at)));
            return Optional.of(done(Action.NONE));
        }

        /**
         * Empty when the rollback crosses no irreversible migration that ran, or is forced to (which
         * is recorded, with who asked); else it ends Failed before anything ran.
         */
        private Optional<Decision> refuseAcrossIrreversible() {
            List<Release> blocking = Migrations.irreversible(o.crossed());
            if (blocking.isEmpty()) {
                return Optional.empty();
            }
            long target = release.getSpec().getRollbackOf();
            if (!Boolean.TRUE.equals(release.getSpec().getForce())) {
                String message = Migrations.refusal(target, blocking);
                return Optional.of(end(ReleasePhase.Failed, "IrreversibleMigration", message,
                        "Revision " + release.getSpec().getRevision() + " refused: " + message, true));
            }
            String message = "forced by " + ReleaseApprovals.requester(release).orElse("an unnamed requester")
                    + " across the irreversible migration of " + Migrations.names(blocking) + ": revision " + target
                    + " runs against the migrated schema";
            condition(FORCED, true, "IrreversibleMigrationForced", message);
            note("MigrationForced", "Revision " + release.getSpec().getRevision() + " " + message, true);
            return Optional.empty();
        }

        /** A recorded decision: a valid approval lets the release go on (empty); anything else ends it. */
        private Optional<Decision> decided(ApprovalStatus decided) {
            String by = decided.getBy() + (decided.getReason() == null || decided.getReason().isBlank() ? ""
                    : ": " + decided.getReason().strip());
            Optional<String> refused = ReleaseApprovals.refusal(decided.getBy(), release);
            if (refused.isPresent()) {
                // Only a writer of the status subresource that skipped the API's checks gets here.
                String message = "the " + decided.getDecision() + " decision was refused: " + refused.get();
                return Optional.of(end(ReleasePhase.Rejected, "ApprovalRefused", message,
                        "Revision " + release.getSpec().getRevision() + ": " + message, true));
            }
            if (decided.getDecision() != ApprovalDecision.Approved) {
                return Optional.of(end(ReleasePhase.Rejected, "Rejected", "rejected by " + by,
                        "Revision " + release.getSpec().getRevision() + " rejected by " + by, false));
            }
            if (!Conditions.isTrue(status.getConditions(), APPROVED)) {
                condition(APPROVED, true, "Approved", "approved by " + by);
                note("Approved", "Revision " + release.getSpec().getRevision() + " approved by " + by, false);
            }
            return Optional.empty();
        }

        private Decision running() {
            // A failed release undoing its own migration runs that step only; the rest stay as they were.
            boolean failing = Conditions.isTrue(status.getConditions(), ROLLING_BACK);
            while (true) {
                Optional<ReleaseStep> current = status.getSteps().stream()
                        .filter(s -> !failing || s.getName() == StepName.MIGRATE_DOWN)
                        .filter(s -> s.getPhase() == StepPhase.Pending || s.getPhase() == StepPhase.Running).findFirst();
                if (current.isEmpty()) {
                    return complete();
                }
                ReleaseStep step = current.get();
                // A release undoing its own migration is past its deadline or failing anyway: the
                // down Job has the same deadline of its own.
                if (step.getName() != StepName.POST_HOOK && !undoesOwn(step)) {
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
                    case MIGRATE_DOWN, PRE_HOOK, MID_HOOK, POST_HOOK -> hook(step);
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
            FailurePolicy policy = hook.failurePolicyOrDefault();
            int maxAttempts = hook.maxAttemptsOrDefault();
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
            step.setMessage(message);
            if (step.getName() == StepName.MIGRATE_DOWN) {
                step.setJob(HookNames.downJob(release.getMetadata().getName(), step.getUndoes(), attempt));
                return done(new Action.UndoMigration(step.getUndoes(), attempt));
            }
            step.setJob(HookJob.name(release, step.getName(), attempt));
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
            step.setMessage(d.progress(wanted));
            return Optional.of(done(Action.NONE));
        }

        private Decision complete() {
            if (Conditions.isTrue(status.getConditions(), ROLLING_BACK)) {
                // A failed release that has undone its own migration: the failure is in the condition.
                Condition failed = Conditions.find(status.getConditions(), ROLLING_BACK).get();
                return rollBack(failed.getReason(), failed.getMessage());
            }
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
            if (step.getName() == StepName.MIGRATE_DOWN) {
                return stop(reason, message + (undoesOwn(step) ? "; not rolled back: revision "
                        + o.lastComplete().getAsLong() + " would run against the migrated schema"
                        : "; the serving release keeps serving"));
            }
            if (o.lastComplete().isEmpty()) {
                return stop(reason, message + " (no earlier release to roll back to)");
            }
            if (status.getSteps().stream().anyMatch(s -> s.getName() == StepName.MIGRATE_DOWN)) {
                // A rollback that took newer migrations down: the newer release would not find its schema.
                return stop(reason, message + "; not rolled back: this rollback undid the migrations of later"
                        + " revisions");
            }
            if (Migrations.ran(config, status.getSteps())) {
                return Migrations.reversible(config) ? undoOwnMigration(reason, message)
                        : refuseRollBack(reason, message);
            }
            return rollBack(reason, message);
        }

        private Decision rollBack(String reason, String message) {
            long target = o.lastComplete().getAsLong();
            status.setPhase(ReleasePhase.RolledBack);
            status.setCompletedAt(Timestamps.format(now));
            condition(PROGRESSING, false, reason, message);
            condition(SUCCEEDED, false, reason, message);
            condition(ROLLED_BACK, true, "AutomaticRollback", "the Deployment runs revision " + target + " again");
            rolledBackOrNot("the Deployment runs revision " + target + " again");
            note("RolledBack", "Rolled back to revision " + target + ": " + message, true);
            requeue = null;
            return done(new Action.RestoreRelease(target));
        }

        /** Its down step first; {@link #complete()} rolls back when it succeeded. */
        private Decision undoOwnMigration(String reason, String message) {
            long revision = release.getSpec().getRevision();
            status.setCompletedAt(null);
            condition(ROLLING_BACK, true, reason, message);
            status.getSteps().add(down(revision));
            note("MigrateDown", "Undoing the migration of revision " + revision + " before rolling back to revision "
                    + o.lastComplete().getAsLong(), false);
            return running();
        }

        private Decision refuseRollBack(String reason, String message) {
            String why = "not rolled back: its irreversible migration ran, and revision " + o.lastComplete().getAsLong()
                    + " would run against the migrated schema";
            note("RollbackRefused", "Revision " + release.getSpec().getRevision() + " " + why, true);
            return stop(reason, message + "; " + why);
        }

        /** Ends Failed; the Deployment is left as it is. */
        private Decision stop(String reason, String message) {
            status.setPhase(ReleasePhase.Failed);
            condition(SUCCEEDED, false, reason, message);
            rolledBackOrNot("not rolled back");
            return done(Action.NONE);
        }

        /** Ends the wait of a release that was undoing its own migration before rolling back. */
        private void rolledBackOrNot(String message) {
            if (Conditions.find(status.getConditions(), ROLLING_BACK).isPresent()) {
                condition(ROLLING_BACK, false, "Ended", message);
            }
        }

        private boolean undoesOwn(ReleaseStep step) {
            return step.getName() == StepName.MIGRATE_DOWN
                    && release.getSpec().getRevision().equals(step.getUndoes());
        }

        private Decision supersede(long newer) {
            String message = "revision " + newer + " was requested before this release started";
            return end(ReleasePhase.Superseded, "Superseded", message,
                    "Revision " + release.getSpec().getRevision() + " superseded: " + message, false);
        }

        /** A release that ends before it started: no step ran, nothing to restore. */
        private Decision end(ReleasePhase phase, String reason, String message, String event, boolean warning) {
            status.setPhase(phase);
            status.setCompletedAt(Timestamps.format(now));
            condition(PROGRESSING, false, reason, message);
            condition(SUCCEEDED, false, reason, message);
            note(reason, event, warning);
            requeue = null;
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
                case MIGRATE_DOWN -> new Hook(); // Abort, one attempt: a half-undone schema is for a person
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
