package dev.slipway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ControllerSettingsTest {

    @Test
    void anEmptyEnvironmentGivesTheInstallationsDefaults() {
        ControllerSettings settings = ControllerSettings.fromEnvironment(Map.of());

        assertThat(settings.namespaces()).isEmpty();
        assertThat(settings.registry()).isEqualTo(ControllerSettings.DEFAULT_REGISTRY);
        assertThat(settings.builderPollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.routeBackend()).isEqualTo("ingress");
        assertThat(settings.buildCacheSize()).isNull();
    }

    @Test
    void variablesOverrideTheDefaults() {
        ControllerSettings settings = ControllerSettings.fromEnvironment(Map.of("SLIPWAY_NAMESPACES", " demo, shop ",
                "SLIPWAY_REGISTRY", "registry.example:5000", "SLIPWAY_BUILDER_POLL_SECONDS", "0",
                "SLIPWAY_BUILD_CACHE_SIZE", " 10Gi "));

        assertThat(settings.namespaces()).isEqualTo(Set.of("demo", "shop"));
        assertThat(settings.registry()).isEqualTo("registry.example:5000");
        assertThat(settings.builderPollInterval()).isZero();
        assertThat(settings.buildCacheSize()).isEqualTo("10Gi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "10 Gi", "-1Gi", "10GB"})
    void aBadBuildCacheSizeIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> ControllerSettings.fromEnvironment(Map.of("SLIPWAY_BUILD_CACHE_SIZE", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLIPWAY_BUILD_CACHE_SIZE must be a size such as 10Gi, not \"" + value + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "five", "1.5"})
    void aBadNumberIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> ControllerSettings.fromEnvironment(Map.of("SLIPWAY_BUILDER_POLL_SECONDS", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLIPWAY_BUILDER_POLL_SECONDS must be a whole number >= 0, not \"" + value + "\"");
    }

    @Test
    void anUnknownRouteBackendIsRefused() {
        assertThatThrownBy(() -> ControllerSettings.fromEnvironment(Map.of("SLIPWAY_ROUTE_BACKEND", "nginx")))
                .hasMessageContaining("SLIPWAY_ROUTE_BACKEND");
    }
}
