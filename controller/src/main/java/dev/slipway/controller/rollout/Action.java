package dev.slipway.controller.rollout;

import dev.slipway.api.v1alpha1.StepName;

/** The one change to the cluster a pass of the release reconciler makes, if any. */
public sealed interface Action {

    /** Nothing to change: wait for the next event or the requeue. */
    record None() implements Action {
    }

    /** Create the Job of this hook attempt (AlreadyExists counts as created). */
    record CreateHookJob(StepName step, int attempt) implements Action {
    }

    /**
     * Create the Job of this attempt at undoing the migration of {@code revision}: its down command
     * from its image, owned by this release (AlreadyExists counts as created).
     */
    record UndoMigration(long revision, int attempt) implements Action {
    }

    /** Apply the Deployment running this release with {@code replicas} pods. */
    record ApplyRelease(int replicas) implements Action {
    }

    /** Scale the Deployment to zero, keeping its template (Recreate's scale-down). */
    record ScaleDown() implements Action {
    }

    /** Apply the Deployment running the earlier release of {@code revision}: an automatic rollback. */
    record RestoreRelease(long revision) implements Action {
    }

    Action NONE = new None();
}
