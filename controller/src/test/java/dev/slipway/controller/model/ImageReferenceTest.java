package dev.slipway.controller.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nginx, true",
        "nginx:1.27, true",
        "library/nginx:1.27-alpine, true",
        "registry.example.com/acme/shop:1.2, true",
        "localhost:5000/shop, true",
        "registry.slipway-system.svc:5000/demo/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
        "registry.example.com/API:latest, false",
        "shop:latest!, false",
        "shop::1, false",
        "/shop, false",
        "shop@sha256:short, false",
        "'', false"
    })
    void parsesLikeTheDistributionReferenceGrammar(String reference, boolean valid) {
        assertThat(ImageReference.isValid(reference)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} -> {1} {2} {3} {4}")
    @CsvSource(nullValues = "-", value = {
        // reference, registry, repository, tag, digest
        "nginx, docker.io, library/nginx, latest, -",
        "nginx:1.27, docker.io, library/nginx, 1.27, -",
        "acme/shop:1.2, docker.io, acme/shop, 1.2, -",
        "docker.io/nginx, docker.io, library/nginx, latest, -",
        "index.docker.io/acme/shop, docker.io, acme/shop, latest, -",
        "ghcr.io/acme/builders/java:17, ghcr.io, acme/builders/java, 17, -",
        "quay.io/acme/shop:v1, quay.io, acme/shop, v1, -",
        "localhost/shop, localhost, shop, latest, -",
        "localhost:5000/shop:dev, localhost:5000, shop, dev, -",
        "shop-builders/java, docker.io, shop-builders/java, latest, -",
        "Registry/shop, Registry, shop, latest, -",
        "[::1]:5000/shop:1, [::1]:5000, shop, 1, -",
        "registry.slipway-system.svc:5000/demo/shop@sha256:" + HEX + ", registry.slipway-system.svc:5000, demo/shop, latest, sha256:" + HEX,
        "127.0.0.1:5000/demo/shop:2@sha256:" + HEX + ", 127.0.0.1:5000, demo/shop, 2, sha256:" + HEX
    })
    void parsesAndNormalisesLikeDocker(String reference, String registry, String repository, String tag, String digest) {
        assertThat(ImageReference.parse(reference)).isEqualTo(new ImageReference(registry, repository, tag, digest));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"registry.example.com/API:latest", "shop:latest!", "/shop", "''"})
    void parseRefusesInvalidReferencesNamingThem(String reference) {
        assertThatThrownBy(() -> ImageReference.parse(reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + reference + "' is not a container image reference");
    }
}
