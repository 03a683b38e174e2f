package dev.slipway.controller.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.controller.kube.ControllerClient;
import dev.slipway.controller.kube.RequestMetrics;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The approval label of a namespace as the controller reads it: from a watch of the namespace, so
 * that taking a release in costs no request, and, where the controller may only get its
 * namespaces (a RoleBinding per namespace), live.
 */
@KubeClusterTest
class NamespaceLabelsIT {

    @Test
    void aLabelPutOnTheWatchedNamespaceIsReadWithoutARequest(TestNamespace namespace) {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (KubernetesClient client = ControllerClient.create(namespace.cluster().config(namespace.name()), registry)) {
            NamespaceLabels labels = new NamespaceLabels(client, Set.of(namespace.name()));
            labels.start();
            try {
                label(namespace, "true");
                await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(approvalLabel(labels, namespace)));
                label(namespace, "false");
                await().atMost(Duration.ofSeconds(10)).until(() -> "false".equals(approvalLabel(labels, namespace)));
                double requestsBefore = namespaceReads(registry);

                for (int read = 0; read < 10; read++) {
                    assertThat(approvalLabel(labels, namespace)).isEqualTo("false");
                }
                assertThat(namespaceReads(registry)).as("GETs of namespaces for ten reads").isEqualTo(requestsBefore);
            } finally {
                labels.stop();
            }
        }
    }

    @Test
    void withOnlyGetOnItsNamespaceTheLabelIsReadLive(TestNamespace namespace) {
        KubernetesClient admin = namespace.client();
        String name = namespace.name();
        admin.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("scoped")
                .endMetadata().build()).create();
        admin.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName("read-namespace").endMetadata()
                .addNewRule().withApiGroups("").withResources("namespaces").withVerbs("get").endRule().build()).create();
        admin.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata().withName("scoped")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", "read-namespace")
                .addNewSubject().withKind("ServiceAccount").withName("scoped").withNamespace(name).endSubject()
                .build()).create();
        String token = admin.serviceAccounts().withName("scoped").tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        Config scoped = new ConfigBuilder(admin.getConfiguration()).withOauthToken(token).withClientCertData(null)
                .withClientKeyData(null).withClientCertFile(null).withClientKeyFile(null).build();
        MeterRegistry registry = new SimpleMeterRegistry();
        label(namespace, "true");

        try (KubernetesClient client = ControllerClient.create(scoped, registry)) {
            NamespaceLabels labels = new NamespaceLabels(client, Set.of(name));
            labels.start();
            try {
                double requestsBefore = namespaceReads(registry);

                // The RoleBinding may take a moment to reach the authorizer's cache.
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> "true".equals(approvalLabel(labels, namespace)));

                assertThat(namespaceReads(registry)).as("GETs of the namespace").isGreaterThan(requestsBefore);
            } finally {
                labels.stop();
            }
        }
    }

    private static void label(TestNamespace namespace, String value) {
        namespace.client().namespaces().withName(namespace.name()).edit(n -> {
            n.getMetadata().getLabels().put(ReleaseApprovals.NAMESPACE_LABEL, value);
            return n;
        });
    }

    private static String approvalLabel(NamespaceLabels labels, TestNamespace namespace) {
        Map<String, String> of = labels.of(namespace.name());
        return of == null ? null : of.get(ReleaseApprovals.NAMESPACE_LABEL);
    }

    private static double namespaceReads(MeterRegistry registry) {
        Counter reads = registry.find(RequestMetrics.NAME).tags("method", "GET", "resource", "namespaces").counter();
        return reads == null ? 0 : reads.count();
    }
}
