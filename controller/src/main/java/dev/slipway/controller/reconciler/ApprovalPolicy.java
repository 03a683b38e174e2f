package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Approval;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a release of an App needs approval, decided by {@link ReleaseApprovals#required} as the
 * API server decides it. The namespace is read live, once per release made or taken in:
 * that needs only {@code get} on the App's own namespace, which a RoleBinding can grant, where an
 * informer would need to list every namespace.
 */
final class ApprovalPolicy {

    private ApprovalPolicy() {
    }

    static Optional<Approval> of(App app, KubernetesClient client) {
        Namespace namespace = client.namespaces().withName(app.getMetadata().getNamespace()).get();
        Map<String, String> labels = namespace == null ? null : namespace.getMetadata().getLabels();
        return ReleaseApprovals.required(app.getSpec(), labels);
    }
}
