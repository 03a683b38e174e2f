package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.impl.BaseClient;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ControllerClientTest {

    /** A self-signed EC certificate and its key, base64 of PEM as a kubeconfig holds them; made for this test only. */
    private static final String PEM_CERTIFICATE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJtRENDQVQrZ0F3SUJBZ0lVVVA3UFlPWkt5bUh5Wk51RHMz"
            + "cmRCOFpFd2Iwd0NnWUlLb1pJemowRUF3SXcKSVRFZk1CMEdBMVVFQXd3V1kyOXVkSEp2Ykd4bGNpMWpiR2xsYm5R"
            + "dGRHVnpkREFnRncweU5qRXlNREl3TURNMQpNRGxhR0E4eU1USTJNVEV3T0RBd016VXdPVm93SVRFZk1CMEdBMVVF"
            + "QXd3V1kyOXVkSEp2Ykd4bGNpMWpiR2xsCmJuUXRkR1Z6ZERCWk1CTUdCeXFHU000OUFnRUdDQ3FHU000OUF3RUhB"
            + "MElBQkpGR3U2UUdwNm1OOFBsSzFLTmgKNFAwY3ZGa1pxRDRqOGdzSXVWclJjSDBwOFRnYkNGNzlJdlprOFBIS1J4"
            + "amNNaW9WRG1yYzhwYmZ4aFZTc1IrYQovN0NqVXpCUk1CMEdBMVVkRGdRV0JCUmdFdittN0UxbXFrMG1Qc0FhNVpr"
            + "NXVRNU8xakFmQmdOVkhTTUVHREFXCmdCUmdFdittN0UxbXFrMG1Qc0FhNVprNXVRNU8xakFQQmdOVkhSTUJBZjhF"
            + "QlRBREFRSC9NQW9HQ0NxR1NNNDkKQkFNQ0EwY0FNRVFDSUJaeHpFYi9wRnhDdmc3YjRFY1RpbG1aQWl2ZDh3QkMz"
            + "eWthUXlERmpwUG1BaUJxVTFxbwpXeXducjFsRHRobG9URUNobDZ3REZsUkJvNG14TTVEcVozZWF3dz09Ci0tLS0t"
            + "RU5EIENFUlRJRklDQVRFLS0tLS0K";
    private static final String PEM_KEY = "LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0tCk1IY0NBUUVFSU04Z2RSZ29jQ0JxYTNXMXJWV1NwWGE3SHJl"
            + "K2lFbEdUWUlsVVhRSStJZ1ZvQW9HQ0NxR1NNNDkKQXdFSG9VUURRZ0FFa1VhN3BBYW5xWTN3K1VyVW8ySGcvUnk4"
            + "V1Jtb1BpUHlDd2k1V3RGd2ZTbnhPQnNJWHYwaQo5bVR3OGNwSEdOd3lLaFVPYXR6eWx0L0dGVkt4SDVyL3NBPT0K"
            + "LS0tLS1FTkQgRUMgUFJJVkFURSBLRVktLS0tLQo=";

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
    void leavesTheTokenRefreshOutOnlyForAClientCertificateWithoutAToken() {
        Config certificate = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443")
                .withClientCertData("Y2VydA==").withClientKeyData("a2V5").build();
        Config token = new ConfigBuilder(certificate).withClientCertData(null).withClientKeyData(null)
                .withOauthToken("t").build();
        Config both = new ConfigBuilder(certificate).withOauthToken("t").build();
        Config password = new ConfigBuilder(certificate).withUsername("u").withPassword("p").build();

        assertThat(ControllerClient.certificateOnly(certificate)).isTrue();
        assertThat(ControllerClient.certificateOnly(token)).isFalse();
        assertThat(ControllerClient.certificateOnly(both)).isFalse();
        assertThat(ControllerClient.certificateOnly(password)).isFalse();
    }

    @Test
    void theClientOfACertificateHasNoTokenRefreshAndTheClientOfATokenKeepsIt() {
        Config certificate = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443")
                .withClientCertData(PEM_CERTIFICATE).withClientKeyData(PEM_KEY).withClientKeyAlgo("EC").build();
        Config token = new ConfigBuilder(Config.empty()).withMasterUrl("https://127.0.0.1:6443").withOauthToken("t")
                .build();

        assertThat(tokenInterceptor(certificate)).isNotInstanceOf(TokenRefreshInterceptor.class);
        assertThat(tokenInterceptor(token)).isInstanceOf(TokenRefreshInterceptor.class);
    }

    /** The interceptor the controller's client runs under fabric8's token-refresh name. */
    private static Interceptor tokenInterceptor(Config config) {
        try (KubernetesClient client = ControllerClient.create(config, new SimpleMeterRegistry())) {
            HttpClient.DerivedClientBuilder builder = client.adapt(BaseClient.class).getHttpClient().newBuilder();
            return ((StandardHttpClientBuilder<?, ?, ?>) builder).getInterceptors().get(TokenRefreshInterceptor.NAME);
        }
    }
}
