package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildNamesTest {

    @Test
    void namesAndNumbersRoundTripForTheirAppOnly() {
        assertThat(BuildNames.name("shop", 12)).isEqualTo("shop-build-12");
        assertThat(BuildNames.number("shop", "shop-build-12")).isEqualTo(12);
        assertThat(BuildNames.number("shop", "shop-api-build-3")).as("another App's build").isZero();
        assertThat(BuildNames.number("shop", "hotfix")).isZero();
        assertThat(BuildNames.number("shop", null)).isZero();
        assertThat(BuildNames.outputImage("registry.slipway-system.svc:5000", "demo", "shop"))
                .isEqualTo("registry.slipway-system.svc:5000/demo/shop");
    }
}
