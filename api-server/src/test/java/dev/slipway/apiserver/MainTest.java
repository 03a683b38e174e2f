package dev.slipway.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testkit.TestCredentials;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void theClientOfACertificateHasNoTokenRefreshAndTheClientOfATokenKeepsIt() {
        try (KubernetesClient certificate = Main.client(TestCredentials.certificate());
                KubernetesClient token = Main.client(TestCredentials.token())) {
            assertThat(TestCredentials.interceptor(certificate, TokenRefreshInterceptor.NAME))
                    .isNotInstanceOf(TokenRefreshInterceptor.class);
            assertThat(TestCredentials.interceptor(token, TokenRefreshInterceptor.NAME))
                    .isInstanceOf(TokenRefreshInterceptor.class);
        }
    }
}
