package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestMetricsTest {

    @ParameterizedTest
    @CsvSource({
            "/apis/apps/v1/namespaces/shop/deployments/web/scale, deployments/scale",
            "/apis/apps/v1/namespaces/shop/deployments/web, deployments",
            "/apis/apps/v1/namespaces/shop/deployments, deployments",
            "/apis/slipway.dev/v1alpha1/namespaces/shop/releases/web-2/status, releases/status",
            "/api/v1/namespaces/shop/events, events",
            "/api/v1/namespaces/shop, namespaces",
            "/api/v1/namespaces, namespaces",
            "/api/v1/namespaces/shop/pods/web-1/log, pods/log",
            "/apis/networking.k8s.io/v1/ingressclasses, ingressclasses",
            "/apis/networking.k8s.io/v1/ingressclasses/traefik, ingressclasses",
            "/apis/slipway.dev/v1alpha1/apps, apps",
            "/version, other",
            "/apis, other",
            "/apis/apps/v1, other"
    })
    void namesTheResourceAndSubresourceOfAPath(String path, String resource) {
        assertThat(RequestMetrics.resource(URI.create("https://127.0.0.1:6443" + path + "?watch=true"))).isEqualTo(resource);
    }
}
