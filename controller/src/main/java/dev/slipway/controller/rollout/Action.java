package dev.slipway.controller.rollout;

import dev.slipway.api.v1alpha1.StepName;

/**
 * The one change to the cluster a pass of the release reconciler makes, if any.
 *
 * <p>Each action hands itself to the matching method of a {@link Performer}. Java 17 has no
 * pattern matching in {@code switch} (a preview there), and an {@code instanceof} chain or an enum
 * tag compiles just as well when a new action is forgotten; here a new record must implement
 * {@link #performBy}, which needs a new {@link Performer} method, which the reconciler must
 * implement: an action that nobody carries out does not compile.
 */
public sealed interface Action {

    /** Carries out each kind of action; one method per record of {@link Action}. */
    interface Performer {
        void none();

        void createHookJob(CreateHookJob action);

        void undoMigration(UndoMigration action);

        void applyRelease(ApplyRelease action);

        void scaleDown();

        void restoreRelease(RestoreRelease action);
    }

    void performBy(Performer performer);

    /** Nothing to change: wait for the next event or the requeue. */
    record None() implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.none();
        }
    }

    /** Create the Job of this hook attempt (AlreadyExists counts as created). */
    record CreateHookJob(StepName step, int attempt) implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.createHookJob(this);
        }
    }

    /**
     * Create the Job of this attempt at undoing the migration of {@code revision}: its down command
     * from its image, owned by this release (AlreadyExists counts as created).
     */
    record UndoMigration(long revision, int attempt) implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.undoMigration(this);
        }
    }

    /** Apply the Deployment running this release with {@code replicas} pods. */
    record ApplyRelease(int replicas) implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.applyRelease(this);
        }
    }

    /** Scale the Deployment to zero, keeping its template (Recreate's scale-down). */
    record ScaleDown() implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.scaleDown();
        }
    }

    /** Apply the Deployment running the earlier release of {@code revision}: an automatic rollback. */
    record RestoreRelease(long revision) implements Action {
        @Override
        public void performBy(Performer performer) {
            performer.restoreRelease(this);
        }
    }

    Action NONE = new None();
}
