package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Approval;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import java.util.Optional;

/**
 * Whether a release of an App needs approval, decided by {@link ReleaseApprovals#required} as the
 * API server decides it, from the labels of the App's namespace ({@link NamespaceLabels}), once per
 * release made or taken in.
 */
final class ApprovalPolicy {

    private ApprovalPolicy() {
    }

    static Optional<Approval> of(App app, NamespaceLabels namespaces) {
        return ReleaseApprovals.required(app.getSpec(), namespaces.of(app.getMetadata().getNamespace()));
    }
}
