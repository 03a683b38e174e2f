package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.SecretReference;
import dev.slipway.api.v1alpha1.UploadSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildJobTest {

    @ParameterizedTest
    @ValueSource(strings = {"java", "node", "python", "ruby", "go", "static"})
    void eachCatalogBuilderGetsItsJob(String builder) {
        Golden.assertMatches("build/" + builder + "-job.yaml",
                Serialization.asYaml(BuildJob.desired(build(builder), null, List.of(), REGISTRY, new BuilderDigests())));
    }

    @Test
    void theBuildRunsUnprivilegedAndWithoutADockerSocket() {
        Job job = BuildJob.desired(build("node"), null, List.of(), REGISTRY, new BuilderDigests());
        var pod = job.getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        for (Container c : pod.getInitContainers()) {
            assertThat(c.getSecurityContext().getPrivileged()).isNull();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        }
        Container build = pod.getContainers().get(0);
        assertThat(build.getSecurityContext().getPrivileged()).isNull();
        assertThat(build.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(build.getSecurityContext().getAppArmorProfile().getType()).isEqualTo("Unconfined");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
    }

    @Test
    void onlyTheCloneStepMountsTheRepositorysCredentialsAndNoStepHasThemInItsEnvironment() {
        Build build = build("node");
        SecretReference secret = new SecretReference();
        secret.setName("shop-git");
        build.getSpec().getSource().getGit().setCredentialsSecret(secret);

        var pod = BuildJob.desired(build, null, List.of(), REGISTRY, new BuilderDigests()).getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement().satisfies(v -> {
            assertThat(v.getSecret().getSecretName()).isEqualTo("shop-git");
            assertThat(v.getSecret().getDefaultMode()).as("the pod's group only").isEqualTo(0440);
        });
        String volume = pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow().getName();
        List<Container> steps = new java.util.ArrayList<>(pod.getInitContainers());
        steps.addAll(pod.getContainers());
        assertThat(steps).filteredOn(c -> c.getVolumeMounts().stream().anyMatch(m -> m.getName().equals(volume)))
                .singleElement().satisfies(c -> {
                    assertThat(c.getName()).isEqualTo(BuildJob.CLONE);
                    assertThat(c.getVolumeMounts()).filteredOn(m -> m.getName().equals(volume))
                            .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue());
                });
        assertThat(steps).allSatisfy(c -> assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getValueFrom()).isNull()));
    }

    @Test
    void anUploadedFolderIsFetchedFromTheAppsRepositoryByDigestInsteadOfCloned() {
        // Given a Build of an upload, with no git source
        Build build = build("node");
        build.getSpec().getSource().setGit(null);
        UploadSource upload = new UploadSource();
        upload.setDigest("sha256:" + "ab".repeat(32));
        build.getSpec().getSource().setUpload(upload);

        // When its Job is made
        var pod = BuildJob.desired(build, null, List.of(), REGISTRY, new BuilderDigests()).getSpec().getTemplate().getSpec();

        // Then its source step fetches that blob of the output's repository, and nothing mounts a Secret
        Container source = pod.getInitContainers().get(0);
        assertThat(source.getName()).isEqualTo(BuildJob.CLONE);
        assertThat(source.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).contains(
                "UPLOAD_REGISTRY=" + REGISTRY, "UPLOAD_REPOSITORY=demo/shop", "UPLOAD_DIGEST=" + upload.getDigest());
        assertThat(source.getEnv()).noneMatch(e -> e.getName().startsWith("GIT_"));
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getSecret()).isNull());
        assertThat(pod.getInitContainers().get(1).getEnv()).filteredOn(e -> e.getName().equals("DOCKERFILE"))
                .singleElement().satisfies(e -> assertThat(e.getValue()).contains("COPY --chown=1001:0 [\".\", \"/tmp/src\"]"));
    }

    @Test
    void theCacheIsATagOfTheOutputRepository() {
        assertThat(BuildJob.cacheImage("registry.slipway-system.svc:5000/demo/shop"))
                .isEqualTo("registry.slipway-system.svc:5000/demo/shop:buildcache");
        assertThat(BuildJob.cacheImage("ghcr.io/acme/shop:v1")).isEqualTo("ghcr.io/acme/shop:buildcache");
        assertThat(BuildJob.cacheImage("ghcr.io/acme/shop@sha256:" + "a".repeat(64))).isEqualTo("ghcr.io/acme/shop:buildcache");
    }

    @Test
    void theAppsPodMetadataGoesOnTheBuildPodUnderSlipwaysOwnLabels() {
        PodMetadata metadata = new PodMetadata();
        metadata.setLabels(Map.of("team", "shop", "slipway.dev/build", "spoofed"));
        metadata.setAnnotations(Map.of("sidecar.istio.io/inject", "false"));

        Job job = BuildJob.desired(build("go"), metadata, List.of(), REGISTRY, new BuilderDigests());

        var template = job.getSpec().getTemplate().getMetadata();
        assertThat(template.getLabels()).containsEntry("team", "shop").containsEntry("slipway.dev/build", "shop-build-3");
        assertThat(template.getAnnotations()).containsEntry("sidecar.istio.io/inject", "false");
    }

    @Test
    void aCommitIsClonedExactlyAndAnOutsideRegistryIsSpokenToOverTls() {
        Build build = build("python");
        build.getSpec().getSource().getGit().setCommit("3f2a9c1");
        build.getSpec().getOutput().setImage("ghcr.io/acme/shop");

        Job job = BuildJob.desired(build, null, List.of(), REGISTRY, new BuilderDigests());

        var spec = job.getSpec().getTemplate().getSpec();
        assertThat(spec.getInitContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GIT_COMMIT");
            assertThat(e.getValue()).isEqualTo("3f2a9c1");
        });
        assertThat(spec.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("OUTPUT_OPTIONS");
            assertThat(e.getValue()).isEmpty();
        });
    }

    @Test
    void aNamedBuilderIsPinnedToTheDigestLastSeen() {
        BuilderDigests digests = new BuilderDigests();
        String tag = BuilderImages.reference("ruby", REGISTRY);
        digests.record(tag, "sha256:" + "0f".repeat(32));

        Job job = BuildJob.desired(build("ruby"), null, List.of(), REGISTRY, digests);

        assertThat(env(job.getSpec().getTemplate().getSpec().getInitContainers().get(1), "DOCKERFILE"))
                .contains("FROM " + tag + "@sha256:" + "0f".repeat(32) + "\n");
        assertThat(BuildJob.builderImage(build("ruby"), REGISTRY, digests)).contains(tag + "@sha256:" + "0f".repeat(32));
    }

    @Test
    void aBuildWithoutBuilderDetectsItWithTheCatalogsScripts() {
        Build build = build("java");
        build.getSpec().setBuilder(null);
        build.getSpec().getSource().getGit().setContextDir("web");
        BuilderDigests digests = new BuilderDigests();
        digests.record(BuilderImages.reference("node", REGISTRY), "sha256:" + "1a".repeat(32));

        Container dockerfile = BuildJob.desired(build, null, List.of(), REGISTRY, digests).getSpec().getTemplate()
                .getSpec().getInitContainers().get(1);

        assertThat(env(dockerfile, "DOCKERFILE")).contains("FROM ${BUILDER_IMAGE}");
        assertThat(env(dockerfile, "CONTEXT_DIR")).isEqualTo("web");
        assertThat(env(dockerfile, "BUILDER_IMAGES").lines()).containsExactly(
                "java " + REGISTRY + "/slipway/builder-java:latest",
                "go " + REGISTRY + "/slipway/builder-go:latest",
                "ruby " + REGISTRY + "/slipway/builder-ruby:latest",
                "python " + REGISTRY + "/slipway/builder-python:latest",
                "node " + REGISTRY + "/slipway/builder-node:latest@sha256:" + "1a".repeat(32),
                "static " + REGISTRY + "/slipway/builder-static:latest");
        assertThat(env(dockerfile, "DETECT_SCRIPTS")).contains("cat > 'detect'", "cat > 'node/s2i/bin/detect'");
        assertThat(BuildJob.builderImage(build, REGISTRY, digests)).isEmpty();
    }

    @Test
    void thePodRunsTheBuildKitReleaseTheBuildPodTestRuns() throws IOException {
        Path versions = Path.of(System.getProperty("slipway.repo.root", ".."), "hack", "versions.env");
        String version = Files.readAllLines(versions).stream().filter(l -> l.startsWith("BUILDKIT_VERSION="))
                .map(l -> l.substring("BUILDKIT_VERSION=".length())).findFirst().orElseThrow();

        assertThat(BuildStepImages.UPSTREAM.buildkit()).isEqualTo("moby/buildkit:" + version + "-rootless");
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }
}
