package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a Release start a pass of its reconciler: a new generation (a spec change), as
 * by JOSDK's default, and a new {@code status.approval}, the API server's decision, which changes
 * no generation. The controller's own status writes start none.
 */
public final class ReleaseUpdates implements OnUpdateFilter<Release> {

    @Override
    public boolean accept(Release updated, Release old) {
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || updated.isMarkedForDeletion()
                || !Objects.equals(approval(updated), approval(old));
    }

    private static String approval(Release release) {
        return release.getStatus() == null ? null : Serialization.asJson(release.getStatus().getApproval());
    }
}
