package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.EnvVarSource;
import dev.slipway.api.v1alpha1.KeyRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildDockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "node", "python", "ruby", "go", "static"})
    void eachCatalogBuilderGetsTheS2iDockerfile(String builder) {
        Golden.assertMatches("build/" + builder + ".Dockerfile", BuildDockerfile.render(build(builder), List.of(),
                BuilderImages.reference(builder, REGISTRY)));
    }

    @Test
    void aFullBuilderReferenceIsUsedAsIsAndContextDirIsWhatIsCopied() {
        Build build = build("quay.io/acme/s2i-php:8.3");
        build.getSpec().getSource().getGit().setContextDir("services/web app");

        String dockerfile = BuildDockerfile.render(build, List.of(), "quay.io/acme/s2i-php:8.3");

        assertThat(dockerfile).contains("FROM quay.io/acme/s2i-php:8.3\n")
                .contains("COPY --chown=1001:0 [\"services/web app\", \"/tmp/src\"]\n");
    }

    @Test
    void theAppsPlainEnvIsGivenToAssembleAsBuildArguments() {
        List<EnvVar> env = List.of(var("MAVEN_ARGS", "-DskipTests -Dx=\"$HOME\\n\""), var("RAILS_ENV", "production"),
                var("app.name", "not a shell name"), var("MULTI", "two\nlines"), secret("API_TOKEN"));

        String dockerfile = BuildDockerfile.render(build("java"), env, BuilderImages.reference("java", REGISTRY));

        assertThat(dockerfile).contains("""
                FROM registry.slipway-system.svc:5000/slipway/builder-java:latest
                ARG MAVEN_ARGS="-DskipTests -Dx=\\"\\$HOME\\\\n\\""
                ARG RAILS_ENV="production"
                """).doesNotContain("app.name", "MULTI", "API_TOKEN");
    }

    private static EnvVar var(String name, String value) {
        EnvVar var = new EnvVar();
        var.setName(name);
        var.setValue(value);
        return var;
    }

    private static EnvVar secret(String name) {
        EnvVar var = var(name, null);
        EnvVarSource from = new EnvVarSource();
        KeyRef ref = new KeyRef();
        ref.setName("tokens");
        ref.setKey(name);
        from.setSecretKeyRef(ref);
        var.setValueFrom(from);
        return var;
    }

    @Test
    void catalogNamesMapToTheInstallationsRegistry() {
        assertThat(BuilderImages.reference("ruby", "registry.local:5000"))
                .isEqualTo("registry.local:5000/slipway/builder-ruby:latest");
        assertThat(BuilderImages.reference("ghcr.io/acme/builder-rust:1", "registry.local:5000"))
                .isEqualTo("ghcr.io/acme/builder-rust:1");
    }

    @Test
    void aBuildWithoutBuilderTakesTheDetectedImageAsABuildArgument() {
        Build build = build("java");
        build.getSpec().setBuilder(null);

        Golden.assertMatches("build/detected.Dockerfile", BuildDockerfile.render(build, List.of(), null));
    }

    @Test
    void theCatalogOrderIsTheOrderOfItsDetectScript() throws IOException {
        try (InputStream in = BuildJob.class.getResourceAsStream("catalog/detect")) {
            assertThat(in).as("builder-images/detect copied beside BuildJob by the Maven build").isNotNull();
            String loop = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("for builder in ")).findFirst().orElseThrow();
            assertThat(loop).isEqualTo("for builder in " + String.join(" ", BuilderImages.CATALOG) + "; do");
        }
    }
}
