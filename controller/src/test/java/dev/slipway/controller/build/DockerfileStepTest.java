package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.EnvVarSource;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build pod's dockerfile step, run here with sh as the pod runs it (its environment taken
 * from the generated Job), over source trees in a temporary workspace: detection with the catalog's
 * own scripts, and the termination message when nothing matches; a repository's own Dockerfile.
 */
class DockerfileStepTest {

    private static final String NODE = REGISTRY + "/slipway/builder-node:latest@sha256:" + "1a".repeat(32);

    @TempDir
    Path workspace;

    @Test
    void aNodeProjectGetsTheNodeBuilderPinnedToItsDigest() throws IOException {
        source("package.json", "index.html");

        PodStep step = detect(null);

        assertThat(step.exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("node");
        assertThat(Files.readString(workspace.resolve("build/builder-image"))).isEqualTo(NODE);
        assertThat(Files.readString(workspace.resolve("build/Dockerfile"))).contains("FROM ${BUILDER_IMAGE}");
        assertThat(step.output()).contains("---> Detected builder node: " + NODE);
    }

    @Test
    void theCatalogsPrecedenceDecidesBetweenMarkers() throws IOException {
        source("pom.xml", "package.json");

        assertThat(detect(null).exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("java");
    }

    @Test
    void detectionLooksInTheContextDir() throws IOException {
        source("web/go.mod", "package.json");

        assertThat(detect("web").exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("go");
    }

    @Test
    void nothingToDetectFailsWithAMessageForTheBuildStatus() throws IOException {
        source("README.md");

        PodStep step = detect(null);

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).startsWith(
                "detect failed: no builder matches the source: none of pom.xml (java)")
                .contains("name a builder in spec.source.builder");
        assertThat(workspace.resolve("build/builder")).doesNotExist();
    }

    @Test
    void aNamedBuilderSkipsDetection() throws IOException {
        source("README.md");

        Container container = BuildJob.desired(build("ruby"), null, List.of(), REGISTRY, new BuilderDigests())
                .getSpec().getTemplate().getSpec().getInitContainers().get(1);
        PodStep step = run(container);

        assertThat(step.exitCode()).isZero();
        assertThat(workspace.resolve("build/builder")).doesNotExist();
        assertThat(Files.readString(workspace.resolve("build/Dockerfile")))
                .contains("FROM " + REGISTRY + "/slipway/builder-ruby:latest\n");
    }

    @Test
    void aRepositorysOwnDockerfileIsTakenAsItIsWithTheAppsPlainValuesAsBuildArguments() throws IOException {
        String dockerfile = "FROM busybox AS build\nARG MESSAGE\nRUN echo \"$MESSAGE\" > /m\nFROM busybox\nCOPY --from=build /m /m\n";
        Files.createDirectories(workspace.resolve("src/web"));
        Files.writeString(workspace.resolve("src/web/Dockerfile"), dockerfile);
        EnvVar secret = new EnvVar();
        secret.setName("TOKEN");
        secret.setValueFrom(new EnvVarSource());

        PodStep step = ownDockerfile("web", List.of(plain("MESSAGE", "hello there"), secret));

        assertThat(step.exitCode()).as(step.output()).isZero();
        assertThat(Files.readString(workspace.resolve("build/Dockerfile"))).isEqualTo(dockerfile);
        assertThat(Files.readString(workspace.resolve("build/context-dir"))).isEqualTo("web");
        assertThat(Files.readString(workspace.resolve("build/build-args"))).isEqualTo("MESSAGE=hello there\n");
        assertThat(workspace.resolve("build/builder")).as("no detection").doesNotExist();
    }

    @Test
    void aMissingDockerfileFailsTheBuildNamingItsPath() throws IOException {
        source("web/package.json");

        PodStep step = ownDockerfile("web", List.of());

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).startsWith("dockerfile not found: web/Dockerfile is not in the repository");
    }

    private PodStep ownDockerfile(String contextDir, List<EnvVar> env) {
        Build build = build("java");
        build.getSpec().setBuilder(null);
        build.getSpec().setDockerfile("Dockerfile");
        build.getSpec().getSource().getGit().setContextDir(contextDir);
        return run(BuildJob.desired(build, null, env, REGISTRY, new BuilderDigests()).getSpec().getTemplate().getSpec()
                .getInitContainers().get(1));
    }

    private static EnvVar plain(String name, String value) {
        EnvVar var = new EnvVar();
        var.setName(name);
        var.setValue(value);
        return var;
    }

    private void source(String... files) throws IOException {
        for (String file : files) {
            Path path = workspace.resolve("src").resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "");
        }
    }

    private PodStep detect(String contextDir) throws IOException {
        Build build = build("java");
        build.getSpec().setBuilder(null);
        build.getSpec().getSource().getGit().setContextDir(contextDir);
        BuilderDigests digests = new BuilderDigests();
        digests.record(BuilderImages.reference("node", REGISTRY), "sha256:" + "1a".repeat(32));
        return run(BuildJob.desired(build, null, List.of(), REGISTRY, digests).getSpec().getTemplate().getSpec()
                .getInitContainers().get(1));
    }

    private PodStep run(Container container) {
        assertThat(container.getName()).isEqualTo(BuildJob.DOCKERFILE);
        return PodStep.run(container, workspace, Duration.ofSeconds(30));
    }
}
