package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Objects;

/**
 * Which updates of an App's Deployment and releases start a pass of its reconciler: those that change
 * what it reads of them. A rollout updates the Deployment's status many times over (observed
 * generation, updated, ready and unavailable replicas, the times in its conditions) and its release's
 * status at every step; each was a pass of the App that changed nothing.
 */
final class AppTriggers {

    private AppTriggers() {
    }

    /** Of its Deployment, the App reads the spec (a new generation: template revision, replicas) and the available replicas. */
    static boolean deploymentChanged(Deployment updated, Deployment old) {
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || updated.isMarkedForDeletion() != old.isMarkedForDeletion()
                || !Objects.equals(available(updated), available(old));
    }

    /**
     * Of its releases, the App reads the phase, the spec and the annotations (the config each was made
     * from); the reason of a failure is written with the phase that ends it.
     */
    static boolean releaseChanged(Release updated, Release old) {
        return ReleaseTriggers.phaseSpecOrApprovalChanged(updated, old)
                || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations());
    }

    private static Integer available(Deployment deployment) {
        return deployment.getStatus() == null ? null : deployment.getStatus().getAvailableReplicas();
    }
}
