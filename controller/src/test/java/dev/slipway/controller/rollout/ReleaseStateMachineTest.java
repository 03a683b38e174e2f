package dev.slipway.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.status.Conditions;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests of the release state machine: given a release and what was observed, the decision. */
class ReleaseStateMachineTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant STARTED = NOW.minusSeconds(30);
    private static final Instant REQUESTED = NOW.minusSeconds(600);
    private static final String AWAITING = "{phase: AwaitingApproval}";
    private static final HookJobState SUCCEEDED = new HookJobState(HookJobState.Outcome.SUCCEEDED, NOW, null);
    private static final HookJobState FAILED = new HookJobState(HookJobState.Outcome.FAILED, NOW.minusSeconds(5),
            "exit code 3: boom");

    /** Release 7 of shop, Recreate or Rolling, with the hooks given, and the status given. */
    static Release release(String strategy, String hooks, String status) {
        return release(strategy, hooks, "null", status);
    }

    /**
     * Release 7 of shop, asked for by alice ten minutes ago, with the approval given (YAML, or null)
     * in its spec.
     */
    static Release release(String strategy, String hooks, String approval, String status) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: shop-7
                  namespace: demo
                  generation: 1
                  creationTimestamp: "%s"
                  annotations: {slipway.dev/requested-by: alice}
                spec:
                  app: shop
                  revision: 7
                  image: registry.example.com/shop:7
                  approval: %s
                  config:
                    port: 8080
                    strategy: {type: %s, timeoutSeconds: 600}
                    hooks: %s
                status: %s
                """.formatted(REQUESTED, approval, strategy, hooks, status), Release.class);
    }

    /** Release 7 that needs approval within an hour of its request, with the status given. */
    static Release needsApproval(String status) {
        return release("Rolling", PRE, "{required: true, expiresAfterSeconds: 3600}", status);
    }

    static String decided(String decision, String by) {
        return "{phase: AwaitingApproval, approval: {decision: " + decision + ", by: \"" + by + "\", at: \""
                + NOW.minusSeconds(60) + "\", reason: looks good}}";
    }

    static String running(String steps) {
        return "{phase: Running, startedAt: \"" + STARTED + "\", steps: " + steps + "}";
    }

    /** A Deployment at {@code revision} with {@code replicas} asked, {@code available} available, settled. */
    static DeploymentState settled(long revision, int replicas, int available) {
        return new DeploymentState(revision, replicas, 3, 3, Math.max(replicas, available), available, available);
    }

    static Observation observe(Release release, UnaryOperator<Builder> given) {
        return given.apply(new Builder(release)).build();
    }

    /** What the tests vary in an observation; the rest is a quiet cluster with revision 6 serving. */
    static final class Builder {
        Release release;
        Optional<DeploymentState> deployment = Optional.of(settled(6, 3, 3));
        int oldPods = 3;
        Map<String, HookJobState> jobs = new HashMap<>();
        boolean olderInFlight;
        OptionalLong newer = OptionalLong.empty();
        OptionalLong lastComplete = OptionalLong.of(6);
        Instant now = NOW;
        List<Release> crossed = List.of();
        Observation.Refused refused;

        Builder(Release release) {
            this.release = release;
        }

        Builder deployment(DeploymentState state) {
            deployment = Optional.ofNullable(state);
            return this;
        }

        Builder oldPods(int count) {
            oldPods = count;
            return this;
        }

        Builder job(String name, HookJobState state) {
            jobs.put(name, state);
            return this;
        }

        Builder olderInFlight() {
            olderInFlight = true;
            return this;
        }

        Builder newer(long revision) {
            newer = OptionalLong.of(revision);
            return this;
        }

        Builder noEarlierRelease() {
            lastComplete = OptionalLong.empty();
            return this;
        }

        Builder crossing(Release... releases) {
            crossed = List.of(releases);
            return this;
        }

        /** The pass's write was refused for the {@code attempt}-th time in a row, with retries left. */
        Builder refused(int attempt) {
            refused = new Observation.Refused(QUOTA, attempt, false);
            return this;
        }

        /** Refused once, and the controller's retries are used up. */
        Builder refusedLastTry() {
            refused = new Observation.Refused(QUOTA, 1, true);
            return this;
        }

        Builder at(Instant instant) {
            now = instant;
            return this;
        }

        Observation build() {
            return new Observation(release, deployment, oldPods, jobs, olderInFlight, newer, lastComplete, 3, now,
                    Duration.ofSeconds(10), crossed, Optional.ofNullable(refused));
        }
    }

    /** One row: the situation, the action expected, the release phase after, and a check of the status. */
    record Scenario(String name, Observation observation, Action action, ReleasePhase phase, String stepsAfter) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final String QUOTA = "the API server refused a write (HTTP 403): jobs.batch \"shop-7-pre-1\" is"
            + " forbidden: exceeded quota: no-jobs, requested: count/jobs.batch=1, limited: count/jobs.batch=0";
    static final String PRE = "{pre: {command: [check]}}";
    static final String PRE_RETRY = "{pre: {command: [check], failurePolicy: Retry, maxAttempts: 3}}";
    static final String PRE_IGNORE = "{pre: {command: [check], failurePolicy: Ignore}}";
    static final String MID = "{mid: {command: [migrate]}}";
    static final String POST = "{post: {command: [notify]}}";
    static final String NONE = "{}";
    static final String MID_REVERSIBLE = "{mid: {command: [migrate], migration: {reversible: true, down: [migrate, down]}}}";
    static final String MID_IRREVERSIBLE = "{mid: {command: [migrate], migration: {reversible: false}}}";
    static final String MIGRATED_THEN_ROLLOUT_RUNNING = running("[{name: scale-down, phase: Complete}, {name: mid-hook,"
            + " phase: Complete, attempts: 1, job: shop-7-mid-1}, {name: rollout, phase: Running}]");
    static final String UNDOING_OWN = "{phase: Running, startedAt: \"" + STARTED + "\", conditions: [{type: RollingBack,"
            + " status: \"True\", reason: Timeout, message: not complete in time, lastTransitionTime: \"" + NOW + "\"}],"
            + " steps: [{name: scale-down, phase: Complete}, {name: mid-hook, phase: Complete}, {name: rollout,"
            + " phase: Failed}, {name: migrate-down, phase: Running, undoes: 7, attempts: 1, job: shop-7-down-7-1}]}";
    static final String ROLLBACK_DOWN_RUNNING = running("[{name: migrate-down, phase: Running, undoes: 6, attempts: 1,"
            + " job: shop-7-down-6-1}, {name: rollout, phase: Pending}]");

    /** Release 7 rolling back to 5, forced or not, with the status given. */
    static Release rollback(boolean force, String status) {
        Release release = release("Rolling", NONE, status);
        release.getSpec().setRollbackOf(5L);
        release.getSpec().setForce(force ? true : null);
        return release;
    }

    /** Release 6 of shop, whose mid-hook migration (given) completed. */
    static Release migrated(String hooks) {
        Release release = release("Recreate", hooks, "{phase: Complete, steps: [{name: mid-hook, phase: Complete}]}");
        release.getMetadata().setName("shop-6");
        release.getSpec().setRevision(6L);
        return release;
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("pending, nothing older: starts and creates the first hook Job",
                        observe(release("Rolling", PRE, "{}"), b -> b), new Action.CreateHookJob(StepName.PRE_HOOK, 1),
                        ReleasePhase.Running, "pre-hook:Running, rollout:Pending"),
                new Scenario("pending, no hooks: starts with the rollout",
                        observe(release("Rolling", NONE, "{}"), b -> b), new Action.ApplyRelease(3),
                        ReleasePhase.Running, "rollout:Running"),
                new Scenario("pending, Recreate: plans scale-down and mid hook, scales down first",
                        observe(release("Recreate", MID, "{}"), b -> b), new Action.ScaleDown(),
                        ReleasePhase.Running, "scale-down:Running, mid-hook:Pending, rollout:Pending"),
                new Scenario("pending, an older release in flight: waits",
                        observe(release("Rolling", PRE, "{}"), Builder::olderInFlight), Action.NONE,
                        ReleasePhase.Pending, ""),
                new Scenario("pending, a newer revision exists: superseded, nothing done",
                        observe(release("Rolling", PRE, "{}"), b -> b.olderInFlight().newer(8)), Action.NONE,
                        ReleasePhase.Superseded, ""),
                new Scenario("pending, approval required: awaits approval, nothing runs",
                        observe(needsApproval("{}"), b -> b), Action.NONE, ReleasePhase.AwaitingApproval, ""),
                new Scenario("awaiting approval, nobody decided yet: no action",
                        observe(needsApproval(AWAITING), b -> b), Action.NONE, ReleasePhase.AwaitingApproval, ""),
                new Scenario("awaiting approval while an older release runs: still awaits, nothing runs",
                        observe(needsApproval(AWAITING), Builder::olderInFlight), Action.NONE,
                        ReleasePhase.AwaitingApproval, ""),
                new Scenario("awaiting approval, approved by another user: starts and creates the first hook Job",
                        observe(needsApproval(decided("Approved", "bob")), b -> b),
                        new Action.CreateHookJob(StepName.PRE_HOOK, 1), ReleasePhase.Running,
                        "pre-hook:Running, rollout:Pending"),
                new Scenario("awaiting approval, approved, an older release in flight: waits for it",
                        observe(needsApproval(decided("Approved", "bob")), Builder::olderInFlight), Action.NONE,
                        ReleasePhase.Pending, ""),
                new Scenario("awaiting approval, rejected: Rejected, nothing done",
                        observe(needsApproval(decided("Rejected", "bob")), b -> b), Action.NONE,
                        ReleasePhase.Rejected, ""),
                new Scenario("awaiting approval, approved by its own requester: refused, Rejected",
                        observe(needsApproval(decided("Approved", "alice")), b -> b), Action.NONE,
                        ReleasePhase.Rejected, ""),
                new Scenario("awaiting approval, approved by the controller's account: refused, Rejected",
                        observe(needsApproval(decided("Approved", "system:serviceaccount:slipway-system:slipway-controller")),
                                b -> b), Action.NONE, ReleasePhase.Rejected, ""),
                new Scenario("awaiting approval at its expiry: Expired, nothing done",
                        observe(needsApproval(AWAITING), b -> b.at(REQUESTED.plusSeconds(3600))), Action.NONE,
                        ReleasePhase.Expired, ""),
                new Scenario("approved before its expiry, started after it: runs",
                        observe(needsApproval(decided("Approved", "bob")), b -> b.at(REQUESTED.plusSeconds(7200))),
                        new Action.CreateHookJob(StepName.PRE_HOOK, 1), ReleasePhase.Running,
                        "pre-hook:Running, rollout:Pending"),
                new Scenario("awaiting approval, a newer revision exists: superseded, nothing done",
                        observe(needsApproval(AWAITING), b -> b.newer(8)), Action.NONE, ReleasePhase.Superseded, ""),
                new Scenario("approval not required: starts as any release",
                        observe(release("Rolling", PRE, "{required: false}", "{}"), b -> b),
                        new Action.CreateHookJob(StepName.PRE_HOOK, 1), ReleasePhase.Running,
                        "pre-hook:Running, rollout:Pending"),
                new Scenario("running, newer revision: a started release is never superseded",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.newer(8).job("shop-7-pre-1", HookJobState.running())), Action.NONE,
                        ReleasePhase.Running, "pre-hook:Running, rollout:Pending"),
                new Scenario("hook Job succeeded: next step's action in the same pass",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", SUCCEEDED)), new Action.ApplyRelease(3),
                        ReleasePhase.Running, "pre-hook:Complete, rollout:Running"),
                new Scenario("hook Job not in the cache yet: waits, creates nothing",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b), Action.NONE, ReleasePhase.Running, "pre-hook:Running, rollout:Pending"),
                new Scenario("Abort hook failed: rolled back to the serving revision",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", FAILED)), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Failed, rollout:Pending"),
                new Scenario("Abort hook failed on a first release: Failed, nothing to restore",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", FAILED).noEarlierRelease()), Action.NONE,
                        ReleasePhase.Failed, "pre-hook:Failed, rollout:Pending"),
                new Scenario("hook Job deleted by hand: never re-created, the release fails",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", HookJobState.missing())), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Failed, rollout:Pending"),
                new Scenario("Retry hook failed, backoff not over: waits",
                        observe(release("Rolling", PRE_RETRY, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", FAILED)), Action.NONE,
                        ReleasePhase.Running, "pre-hook:Running, rollout:Pending"),
                new Scenario("Retry hook failed, backoff over: next attempt",
                        observe(release("Rolling", PRE_RETRY, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", FAILED).at(NOW.plusSeconds(10))),
                        new Action.CreateHookJob(StepName.PRE_HOOK, 2), ReleasePhase.Running, "pre-hook:Running, rollout:Pending"),
                new Scenario("Retry hook whose Job was deleted by hand: not retried, rolled back at once",
                        observe(release("Rolling", PRE_RETRY, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", HookJobState.missing())), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Failed, rollout:Pending"),
                new Scenario("Retry hook out of attempts: rolled back",
                        observe(release("Rolling", PRE_RETRY, running("[{name: pre-hook, phase: Running, attempts: 3, job: shop-7-pre-3}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-3", FAILED)), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Failed, rollout:Pending"),
                new Scenario("Ignore hook failed: recorded, the release goes on",
                        observe(release("Rolling", PRE_IGNORE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", FAILED)), new Action.ApplyRelease(3),
                        ReleasePhase.Running, "pre-hook:Failed, rollout:Running"),
                new Scenario("scale-down asked, old pods terminating: waits",
                        observe(release("Recreate", MID, running("[{name: scale-down, phase: Running}, {name: mid-hook, phase: Pending}, {name: rollout, phase: Pending}]")),
                                b -> b.deployment(settled(6, 0, 0)).oldPods(1)), Action.NONE,
                        ReleasePhase.Running, "scale-down:Running, mid-hook:Pending, rollout:Pending"),
                new Scenario("scale-down done, no old pod: mid hook Job created",
                        observe(release("Recreate", MID, running("[{name: scale-down, phase: Running}, {name: mid-hook, phase: Pending}, {name: rollout, phase: Pending}]")),
                                b -> b.deployment(settled(6, 0, 0)).oldPods(0)), new Action.CreateHookJob(StepName.MID_HOOK, 1),
                        ReleasePhase.Running, "scale-down:Complete, mid-hook:Running, rollout:Pending"),
                new Scenario("first Recreate release, no Deployment yet: scale-down is done at once",
                        observe(release("Recreate", NONE, running("[{name: scale-down, phase: Running}, {name: rollout, phase: Pending}]")),
                                b -> b.deployment(null).oldPods(0).noEarlierRelease()), new Action.ApplyRelease(3),
                        ReleasePhase.Running, "scale-down:Complete, rollout:Running"),
                new Scenario("rollout applied, pods not all available: waits",
                        observe(release("Rolling", NONE, running("[{name: rollout, phase: Running}]")),
                                b -> b.deployment(new DeploymentState(7, 3, 4, 4, 4, 2, 2))), Action.NONE,
                        ReleasePhase.Running, "rollout:Running"),
                new Scenario("rollout done: post hook Job created",
                        observe(release("Rolling", POST, running("[{name: rollout, phase: Running}, {name: post-hook, phase: Pending}]")),
                                b -> b.deployment(settled(7, 3, 3))), new Action.CreateHookJob(StepName.POST_HOOK, 1),
                        ReleasePhase.Running, "rollout:Complete, post-hook:Running"),
                new Scenario("every step done: Complete",
                        observe(release("Rolling", NONE, running("[{name: rollout, phase: Running}]")),
                                b -> b.deployment(settled(7, 3, 3))), Action.NONE, ReleasePhase.Complete,
                        "rollout:Complete"),
                new Scenario("timeout during the rollout: rolled back",
                        observe(release("Rolling", NONE, running("[{name: rollout, phase: Running}]")),
                                b -> b.deployment(new DeploymentState(7, 3, 4, 4, 4, 2, 2)).at(STARTED.plusSeconds(600))),
                        new Action.RestoreRelease(6), ReleasePhase.RolledBack, "rollout:Failed"),
                new Scenario("timeout does not cut the post hook short",
                        observe(release("Rolling", POST, running("[{name: rollout, phase: Complete}, {name: post-hook, phase: Running, attempts: 1, job: shop-7-post-1}]")),
                                b -> b.job("shop-7-post-1", HookJobState.running()).at(STARTED.plusSeconds(900))),
                        Action.NONE, ReleasePhase.Running, "rollout:Complete, post-hook:Running"),
                new Scenario("rollback across a reversible migration: its down step is planned first and runs",
                        observe(rollback(false, "{}"), b -> b.crossing(migrated(MID_REVERSIBLE))),
                        new Action.UndoMigration(6, 1), ReleasePhase.Running, "migrate-down:Running, rollout:Pending"),
                new Scenario("rollback, the down Job succeeded: then the older release rolls out",
                        observe(rollback(false, ROLLBACK_DOWN_RUNNING), b -> b.job("shop-7-down-6-1", SUCCEEDED)),
                        new Action.ApplyRelease(3), ReleasePhase.Running, "migrate-down:Complete, rollout:Running"),
                new Scenario("rollback, the down Job failed: Failed, the serving release keeps serving",
                        observe(rollback(false, ROLLBACK_DOWN_RUNNING), b -> b.job("shop-7-down-6-1", FAILED)),
                        Action.NONE, ReleasePhase.Failed, "migrate-down:Failed, rollout:Pending"),
                new Scenario("rollback across an irreversible migration: refused, nothing runs",
                        observe(rollback(false, "{}"), b -> b.crossing(migrated(MID_IRREVERSIBLE))), Action.NONE,
                        ReleasePhase.Failed, ""),
                new Scenario("forced rollback across an irreversible migration: rolls out",
                        observe(rollback(true, "{}"), b -> b.crossing(migrated(MID_IRREVERSIBLE))),
                        new Action.ApplyRelease(3), ReleasePhase.Running, "rollout:Running"),
                new Scenario("failed after its reversible migration ran: its down runs before the rollback",
                        observe(release("Recreate", MID_REVERSIBLE, MIGRATED_THEN_ROLLOUT_RUNNING),
                                b -> b.deployment(new DeploymentState(7, 3, 4, 4, 4, 2, 2)).at(STARTED.plusSeconds(600))),
                        new Action.UndoMigration(7, 1), ReleasePhase.Running,
                        "scale-down:Complete, mid-hook:Complete, rollout:Failed, migrate-down:Running"),
                new Scenario("failed, its own down succeeded (past the deadline): rolled back",
                        observe(release("Recreate", MID_REVERSIBLE, UNDOING_OWN),
                                b -> b.job("shop-7-down-7-1", SUCCEEDED).at(STARTED.plusSeconds(900))),
                        new Action.RestoreRelease(6), ReleasePhase.RolledBack,
                        "scale-down:Complete, mid-hook:Complete, rollout:Failed, migrate-down:Complete"),
                new Scenario("failed, its own down failed: Failed, not rolled back",
                        observe(release("Recreate", MID_REVERSIBLE, UNDOING_OWN), b -> b.job("shop-7-down-7-1", FAILED)),
                        Action.NONE, ReleasePhase.Failed,
                        "scale-down:Complete, mid-hook:Complete, rollout:Failed, migrate-down:Failed"),
                new Scenario("failed after its irreversible migration ran: Failed, not rolled back",
                        observe(release("Recreate", MID_IRREVERSIBLE, MIGRATED_THEN_ROLLOUT_RUNNING),
                                b -> b.deployment(new DeploymentState(7, 3, 4, 4, 4, 2, 2)).at(STARTED.plusSeconds(600))),
                        Action.NONE, ReleasePhase.Failed, "scale-down:Complete, mid-hook:Complete, rollout:Failed"),
                new Scenario("failed before its migration ran: rolled back at once",
                        observe(release("Recreate", MID_IRREVERSIBLE, running("[{name: scale-down, phase: Running},"
                                + " {name: mid-hook, phase: Pending}, {name: rollout, phase: Pending}]")),
                                b -> b.at(STARTED.plusSeconds(600))),
                        new Action.RestoreRelease(6), ReleasePhase.RolledBack,
                        "scale-down:Failed, mid-hook:Pending, rollout:Pending"),
                new Scenario("write refused before the first status write: Pending, nothing recorded, nothing done",
                        observe(release("Rolling", PRE, "null"), b -> b.refused(1)), Action.NONE,
                        ReleasePhase.Pending, ""),
                new Scenario("rollout's write refused twice: still running, the step as it was",
                        observe(release("Rolling", NONE, running("[{name: rollout, phase: Running}]")),
                                b -> b.refused(2)), Action.NONE, ReleasePhase.Running, "rollout:Running"),
                new Scenario("hook Job refused 3 times: the step fails, rolled back",
                        observe(release("Rolling", PRE, "{}"), b -> b.refused(3)), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Failed, rollout:Pending"),
                new Scenario("first release's Deployment refused 3 times: Failed, nothing to restore",
                        observe(release("Rolling", NONE, "{}"), b -> b.refused(3).noEarlierRelease()), Action.NONE,
                        ReleasePhase.Failed, "rollout:Failed"),
                new Scenario("hook succeeded, the rollout's write refused 3 times: the rollout step fails",
                        observe(release("Rolling", PRE, running("[{name: pre-hook, phase: Running, attempts: 1, job: shop-7-pre-1}, {name: rollout, phase: Pending}]")),
                                b -> b.job("shop-7-pre-1", SUCCEEDED).refused(3)), new Action.RestoreRelease(6),
                        ReleasePhase.RolledBack, "pre-hook:Complete, rollout:Failed"),
                new Scenario("refused on the controller's last retry: ends at once",
                        observe(release("Rolling", NONE, running("[{name: rollout, phase: Running}]")),
                                Builder::refusedLastTry), new Action.RestoreRelease(6), ReleasePhase.RolledBack,
                        "rollout:Failed"),
                new Scenario("refused 3 times while waiting for an earlier release: Failed, nothing ran",
                        observe(release("Rolling", PRE, "{}"), b -> b.olderInFlight().refused(3)), Action.NONE,
                        ReleasePhase.Failed, ""),
                new Scenario("final release: nothing more to do",
                        observe(release("Rolling", NONE, "{phase: Complete}"), b -> b), Action.NONE,
                        ReleasePhase.Complete, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decides(Scenario scenario) {
        Decision decision = ReleaseStateMachine.decide(scenario.observation());

        assertThat(decision.action()).isEqualTo(scenario.action());
        assertThat(decision.status().getPhase()).isEqualTo(scenario.phase());
        String steps = decision.status().getSteps() == null ? "" : String.join(", ", decision.status().getSteps().stream()
                .map(s -> s.getName().value() + ":" + s.getPhase()).toList());
        assertThat(steps).isEqualTo(scenario.stepsAfter());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void finalPhasesSaySuccessOrWhyNotInConditions(Scenario scenario) {
        Decision decision = ReleaseStateMachine.decide(scenario.observation());
        ReleasePhase phase = decision.status().getPhase();
        if (!phase.isFinal() || scenario.observation().release().getStatus().getPhase() == ReleasePhase.Complete) {
            assertThat(Conditions.find(decision.status().getConditions(), ConditionTypes.SUCCEEDED)).isEmpty();
            return;
        }
        assertThat(Conditions.find(decision.status().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getStatus().name()).isEqualTo(phase == ReleasePhase.Complete
                        ? "True" : "False"));
        assertThat(decision.status().getCompletedAt()).isEqualTo(scenario.observation().now().toString());
        assertThat(decision.notes()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidingTwiceOnTheSameObservationDecidesTheSame(Scenario scenario) {
        Decision first = ReleaseStateMachine.decide(scenario.observation());
        Decision second = ReleaseStateMachine.decide(scenario.observation());

        assertThat(second.action()).isEqualTo(first.action());
        assertThat(Serialization.asJson(second.status())).isEqualTo(Serialization.asJson(first.status()));
    }

    @Test
    void awaitingApprovalIsAnEventOnceAndLooksAgainAtTheExpiry() {
        Decision first = ReleaseStateMachine.decide(observe(needsApproval("{}"), b -> b));
        Decision again = ReleaseStateMachine.decide(observe(needsApproval(AWAITING), b -> b));

        assertThat(first.notes()).extracting(Decision.Note::reason).containsExactly("AwaitingApproval");
        assertThat(first.notes().get(0).message()).contains("someone other than alice", "2026-11-26T10:50:00Z");
        assertThat(again.notes()).isEmpty();
        assertThat(again.requeueAfter()).contains(Duration.ofMinutes(50));
        assertThat(Conditions.find(again.status().getConditions(), ConditionTypes.PROGRESSING))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("AwaitingApproval"));
    }

    @Test
    void anApprovalARejectionAndAnExpiryAreEventsNamingWhoAndWhy() {
        Decision approved = ReleaseStateMachine.decide(observe(needsApproval(decided("Approved", "bob")), b -> b));
        Decision rejected = ReleaseStateMachine.decide(observe(needsApproval(decided("Rejected", "bob")), b -> b));
        Decision expired = ReleaseStateMachine.decide(observe(needsApproval(AWAITING), b -> b.at(NOW.plusSeconds(3000))));

        assertThat(approved.notes()).extracting(Decision.Note::reason).containsExactly("Approved", "ReleaseStarted");
        assertThat(approved.notes().get(0).message()).isEqualTo("Revision 7 approved by bob: looks good");
        assertThat(Conditions.isTrue(approved.status().getConditions(), ConditionTypes.APPROVED)).isTrue();
        assertThat(rejected.notes()).extracting(Decision.Note::message).containsExactly("Revision 7 rejected by bob: looks good");
        assertThat(expired.notes()).singleElement().satisfies(n -> {
            assertThat(n.reason()).isEqualTo("ApprovalExpired");
            assertThat(n.warning()).isTrue();
        });
        assertThat(expired.requeueAfter()).isEmpty();
    }

    @Test
    void anApprovalSeenAgainIsNotAnotherEvent() {
        Release approved = needsApproval(decided("Approved", "bob"));
        Decision first = ReleaseStateMachine.decide(observe(approved, Builder::olderInFlight));
        approved.setStatus(first.status());

        Decision second = ReleaseStateMachine.decide(observe(approved, Builder::olderInFlight));

        assertThat(first.notes()).extracting(Decision.Note::reason).containsExactly("Approved");
        assertThat(second.notes()).isEmpty();
        assertThat(second.status().getPhase()).isEqualTo(ReleasePhase.Pending);
    }

    @Test
    void refusalsAndForcedRollbacksNameTheReleaseAndWho() {
        Decision refused = ReleaseStateMachine.decide(observe(rollback(false, "{}"), b -> b.crossing(migrated(MID_IRREVERSIBLE))));
        Decision forced = ReleaseStateMachine.decide(observe(rollback(true, "{}"), b -> b.crossing(migrated(MID_IRREVERSIBLE))));

        assertThat(Conditions.find(refused.status().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("revision 5", "shop-6", "force"));
        assertThat(refused.notes()).extracting(Decision.Note::reason).containsExactly("IrreversibleMigration");
        assertThat(Conditions.find(forced.status().getConditions(), ConditionTypes.FORCED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("forced by alice", "shop-6"));
        assertThat(forced.notes()).extracting(Decision.Note::reason).startsWith("MigrationForced");
    }

    @Test
    void aFailedReleaseThatCannotUndoItsMigrationSaysWhy() {
        Decision decision = ReleaseStateMachine.decide(observe(release("Recreate", MID_IRREVERSIBLE,
                MIGRATED_THEN_ROLLOUT_RUNNING), b -> b.at(STARTED.plusSeconds(600))));

        assertThat(decision.notes()).extracting(Decision.Note::reason).containsExactly("ReleaseFailed", "RollbackRefused");
        assertThat(Conditions.find(decision.status().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("irreversible migration", "revision 6"));
    }

    @Test
    void aRefusedWriteIsShownInTheServersWordsAndEndsTheReleaseWithThem() {
        Decision retrying = ReleaseStateMachine.decide(observe(release("Rolling", PRE, "null"), b -> b.refused(1)));
        assertThat(Conditions.find(retrying.status().getConditions(), ConditionTypes.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo(ConditionTypes.REASON_WRITE_REFUSED);
                    assertThat(c.getMessage()).isEqualTo(QUOTA + " (refused 1 of 3 times; retrying)");
                });
        assertThat(retrying.notes()).singleElement().satisfies(n -> {
            assertThat(n.warning()).isTrue();
            assertThat(n.message()).isEqualTo("Revision 7: " + QUOTA);
        });

        Decision failed = ReleaseStateMachine.decide(observe(release("Rolling", NONE, "{}"),
                b -> b.refused(3).noEarlierRelease()));
        assertThat(Conditions.find(failed.status().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo(ConditionTypes.REASON_WRITE_REFUSED);
                    assertThat(c.getMessage()).startsWith("refused 3 times: " + QUOTA);
                });
    }

    @Test
    void retryDelayDoublesPerFailedAttempt() {
        assertThat(List.of(1, 2, 3).stream().map(a -> ReleaseStateMachine.retryDelay(Duration.ofSeconds(10), a)))
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
    }
}
