package dev.slipway.controller.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

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
}
