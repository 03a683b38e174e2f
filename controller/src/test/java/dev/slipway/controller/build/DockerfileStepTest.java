package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build pod's dockerfile step, run here with sh as the pod runs it (its environment taken
 * from the generated Job), over source trees in a temporary workspace: detection with the catalog's
 * own scripts, and the termination message when nothing matches.
 */
class DockerfileStepTest {

    private static final String NODE = REGISTRY + "/slipway/builder-node:latest@sha256:" + "1a".repeat(32);

    @TempDir
    Path workspace;

    @Test
    void aNodeProjectGetsTheNodeBuilderPinnedToItsDigest() throws Exception {
        source("package.json", "index.html");

        Step step = detect(null);

        assertThat(step.exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("node");
        assertThat(Files.readString(workspace.resolve("build/builder-image"))).isEqualTo(NODE);
        assertThat(Files.readString(workspace.resolve("build/Dockerfile"))).contains("FROM ${BUILDER_IMAGE}");
        assertThat(step.output()).contains("---> Detected builder node: " + NODE);
    }

    @Test
    void theCatalogsPrecedenceDecidesBetweenMarkers() throws Exception {
        source("pom.xml", "package.json");

        assertThat(detect(null).exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("java");
    }

    @Test
    void detectionLooksInTheContextDir() throws Exception {
        source("web/go.mod", "package.json");

        assertThat(detect("web").exitCode()).isZero();
        assertThat(Files.readString(workspace.resolve("build/builder"))).isEqualTo("go");
    }

    @Test
    void nothingToDetectFailsWithAMessageForTheBuildStatus() throws Exception {
        source("README.md");

        Step step = detect(null);

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(Files.readString(workspace.resolve("termination-log"))).startsWith(
                "detect failed: no builder matches the source: none of pom.xml (java)")
                .contains("name a builder in spec.source.builder");
        assertThat(workspace.resolve("build/builder")).doesNotExist();
    }

    @Test
    void aNamedBuilderSkipsDetection() throws Exception {
        source("README.md");

        Container container = BuildJob.desired(build("ruby"), null, List.of(), REGISTRY, new BuilderDigests())
                .getSpec().getTemplate().getSpec().getInitContainers().get(1);
        Step step = run(container);

        assertThat(step.exitCode()).isZero();
        assertThat(workspace.resolve("build/builder")).doesNotExist();
        assertThat(Files.readString(workspace.resolve("build/Dockerfile")))
                .contains("FROM " + REGISTRY + "/slipway/builder-ruby:latest\n");
    }

    private void source(String... files) throws IOException {
        for (String file : files) {
            Path path = workspace.resolve("src").resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "");
        }
    }

    private Step detect(String contextDir) throws Exception {
        Build build = build("java");
        build.getSpec().setBuilder(null);
        build.getSpec().getSource().getGit().setContextDir(contextDir);
        BuilderDigests digests = new BuilderDigests();
        digests.record(BuilderImages.reference("node", REGISTRY), "sha256:" + "1a".repeat(32));
        return run(BuildJob.desired(build, null, List.of(), REGISTRY, digests).getSpec().getTemplate().getSpec()
                .getInitContainers().get(1));
    }

    /** Runs the container's command with its env, the workspace and termination log moved here. */
    private Step run(Container container) throws Exception {
        assertThat(container.getName()).isEqualTo(BuildJob.DOCKERFILE);
        ProcessBuilder process = new ProcessBuilder(container.getCommand()).redirectErrorStream(true);
        process.environment().clear();
        process.environment().put("PATH", System.getenv("PATH"));
        container.getEnv().forEach(e -> process.environment().put(e.getName(), e.getValue()));
        process.environment().put("WORKSPACE", workspace.toString());
        process.environment().put("TERMINATION_LOG", workspace.resolve("termination-log").toString());
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(30, TimeUnit.SECONDS)).as("the dockerfile step ends").isTrue();
        return new Step(started.exitValue(), output);
    }

    private record Step(int exitCode, String output) {
    }
}
