package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of the pods, Apps and sibling releases that a release watches start a pass of it:
 * only those that change what {@link ReleaseObserver} reads of them. Any other update (a pod's status
 * as it starts and becomes ready, an App's status, a sibling's progress) gives a pass that observes
 * the same, decides the same and writes nothing, and during rollouts those were most of the
 * reconciler's passes, each queued before the passes that had something to do. Additions and
 * deletions always start a pass.
 */
final class ReleaseTriggers {

    private static final ReleaseUpdates SPEC_OR_APPROVAL = new ReleaseUpdates();

    private ReleaseTriggers() {
    }

    /** A pod counts as one of the App's old pods by its App and revision labels; nothing else of it is read. */
    static boolean podLabelsChanged(Pod updated, Pod old) {
        return !Objects.equals(label(updated, Labels.APP), label(old, Labels.APP))
                || !Objects.equals(label(updated, Labels.REVISION), label(old, Labels.REVISION));
    }

    /** Of its App, a release reads the spec (a new generation) and, from the owner reference, the uid. */
    static boolean appSpecChanged(App updated, App old) {
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || updated.isMarkedForDeletion() != old.isMarkedForDeletion();
    }

    /**
     * Of a sibling, a release reads the phase (in flight, complete, failed), the spec and the approval
     * ({@link ReleaseUpdates} covers the last two); of its releases, an App reads the same and more.
     */
    static boolean phaseSpecOrApprovalChanged(Release updated, Release old) {
        return !Objects.equals(phase(updated), phase(old)) || SPEC_OR_APPROVAL.accept(updated, old);
    }

    private static Object phase(Release release) {
        return release.getStatus() == null ? null : release.getStatus().getPhase();
    }

    private static String label(Pod pod, String key) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
