package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.api.v1alpha1.Build;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildDockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "node", "python", "ruby", "go", "static"})
    void eachCatalogBuilderGetsTheS2iDockerfile(String builder) {
        Golden.assertMatches("build/" + builder + ".Dockerfile", BuildDockerfile.render(build(builder), REGISTRY));
    }

    @Test
    void aFullBuilderReferenceIsUsedAsIsAndContextDirIsWhatIsCopied() {
        Build build = build("quay.io/acme/s2i-php:8.3");
        build.getSpec().getSource().getGit().setContextDir("services/web app");

        String dockerfile = BuildDockerfile.render(build, REGISTRY);

        assertThat(dockerfile).contains("FROM quay.io/acme/s2i-php:8.3\n")
                .contains("COPY --chown=1001:0 [\"services/web app\", \"/tmp/src\"]\n");
    }

    @Test
    void catalogNamesMapToTheInstallationsRegistry() {
        assertThat(BuilderImages.reference("ruby", "registry.local:5000"))
                .isEqualTo("registry.local:5000/slipway/builder-ruby:latest");
        assertThat(BuilderImages.reference("ghcr.io/acme/builder-rust:1", "registry.local:5000"))
                .isEqualTo("ghcr.io/acme/builder-rust:1");
    }

    @Test
    void aBuildWithoutBuilderIsRefusedNamingTheField() {
        Build build = build("java");
        build.getSpec().setBuilder(null);

        assertThatThrownBy(() -> BuildDockerfile.render(build, REGISTRY)).hasMessageContaining("spec.builder");
    }
}
