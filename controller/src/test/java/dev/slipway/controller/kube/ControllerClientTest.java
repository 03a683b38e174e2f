package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.testkit.TestCredentials;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ControllerClientTest {

    private final KubernetesSerialization serialization = ControllerClient.serialization();

    @Test
    void readsObjectsWithoutTheirManagedFieldsAndKeepsTheRestOfTheirMetadata() {
        String json = new KubernetesSerialization().asJson(new DeploymentBuilder().withNewMetadata().withName("web")
                .withNamespace("shop").withResourceVersion("42").addToLabels("slipway.dev/app", "web")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("slipway-controller")
                        .withOperation("Apply").build())
                .endMetadata().withNewSpec().withReplicas(2).endSpec().build());
        assertThat(json).contains("managedFields");

        Deployment read = serialization.unmarshal(json, Deployment.class);

        assertThat(read.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(read.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
        assertThat(read.getMetadata().getLabels()).containsEntry("slipway.dev/app", "web");
        assertThat(read.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(read.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void readsSlipwaysOwnResourcesTheSameWay() {
        String json = """
                {"apiVersion": "slipway.dev/v1alpha1", "kind": "Release",
                 "metadata": {"name": "shop-2", "namespace": "shop", "uid": "u-1",
                   "managedFields": [{"manager": "slipway-api-server", "operation": "Update"}]},
                 "spec": {"app": "shop", "revision": 2}}""";

        Release read = serialization.unmarshal(json, Release.class);

        assertThat(read.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(read.getMetadata().getUid()).isEqualTo("u-1");
        assertThat(read.getSpec().getRevision()).isEqualTo(2L);
    }

    @Test
    void theClientOfACertificateHasNoTokenRefreshAndTheClientOfATokenKeepsIt() {
        assertThat(tokenInterceptor(TestCredentials.certificate())).isNotInstanceOf(TokenRefreshInterceptor.class);
        assertThat(tokenInterceptor(TestCredentials.token())).isInstanceOf(TokenRefreshInterceptor.class);
    }

    /** The interceptor the controller's client runs under fabric8's token-refresh name. */
    private static Interceptor tokenInterceptor(Config config) {
        try (KubernetesClient client = ControllerClient.create(config, new SimpleMeterRegistry())) {
            return TestCredentials.interceptor(client, TokenRefreshInterceptor.NAME);
        }
    }
}
