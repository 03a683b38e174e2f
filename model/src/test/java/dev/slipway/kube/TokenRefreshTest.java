package dev.slipway.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testkit.TestCredentials;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import org.junit.jupiter.api.Test;

class TokenRefreshTest {

    @Test
    void aCertificateWithoutATokenIsCertificateOnly() {
        Config certificate = TestCredentials.certificate();

        assertThat(TokenRefresh.certificateOnly(certificate)).isTrue();
        assertThat(TokenRefresh.certificateOnly(TestCredentials.token())).isFalse();
        assertThat(TokenRefresh.certificateOnly(new ConfigBuilder(certificate).withOauthToken("t").build())).isFalse();
        assertThat(TokenRefresh.certificateOnly(new ConfigBuilder(certificate).withUsername("u").withPassword("p")
                .build())).isFalse();
    }

    @Test
    void theClientOfACertificateHasNoTokenRefreshAndTheClientOfATokenKeepsIt() {
        assertThat(tokenInterceptor(TestCredentials.certificate())).isNotInstanceOf(TokenRefreshInterceptor.class);
        assertThat(tokenInterceptor(TestCredentials.token())).isInstanceOf(TokenRefreshInterceptor.class);
    }

    private static Interceptor tokenInterceptor(Config config) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> TokenRefresh.leaveOutForCertificates(b, config)).build()) {
            return TestCredentials.interceptor(client, TokenRefreshInterceptor.NAME);
        }
    }
}
