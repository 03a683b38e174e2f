package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitBuildEnded;
import static dev.slipway.controller.reconciler.ReleaseFixtures.buildLog;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.gitApp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.controller.build.BuildKitState;
import dev.slipway.controller.build.BuildStepImages;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.testkit.GitHttpServer;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With SLIPWAY_BUILD_CACHE_SIZE set, an App's builds keep BuildKit's state on a claim of their own:
 * the second build on the real node finds the builder image and the dependency layer in place and
 * pulls nothing, where the first pulled and unpacked the builder image. The local cluster has no
 * volume provisioner, so the test makes the volume the claim binds to, on this machine's disk, as
 * an administrator of a cluster without one would.
 */
@KubeClusterTest(realNode = true)
class RealNodeBuildKitStateIT {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path work;
    private static GitHttpServer git;
    private static InProcessController controller;
    private static PersistentVolume volume;

    @BeforeAll
    static void gitServerControllerAndVolume(TestNamespace namespace) throws IOException {
        git = GitHttpServer.start(Files.createDirectories(work.resolve("repositories")), RealNode.HOST_ADDRESS);
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withRegistry(RealNode.REGISTRY, Duration.ZERO)
                .withBuildStepImages(new BuildStepImages(RealNode.gitImage(namespace.cluster()),
                        RealNode.buildkitImage(namespace.cluster())))
                .withBuildCache("1Gi"));
        // Any user of the pod may write: BuildKit runs as user 1000, and a hostPath volume keeps its owner.
        Path folder = Files.createDirectories(work.resolve("buildkit-state"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        volume = namespace.client().persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(namespace.name() + "-buildkit-state").endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", new Quantity("1Gi")))
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName("")
                    .withNewHostPath().withPath(folder.toString()).withType("Directory").endHostPath()
                    .withNewClaimRef().withNamespace(namespace.name()).withName(BuildKitState.claimName("site"))
                    .endClaimRef()
                .endSpec().build()).create();
    }

    @AfterAll
    static void stop(TestNamespace namespace) {
        if (controller != null) {
            controller.close();
        }
        if (git != null) {
            git.close();
        }
        if (volume != null) {
            namespace.client().persistentVolumes().resource(volume).delete();
        }
    }

    @Test
    void theSecondBuildOfAnAppFindsTheBuilderImageAndItsLayersInItsOwnBuildKitState(TestNamespace namespace)
            throws IOException {
        KubernetesClient client = namespace.client();
        Path app = RepositoryLayout.root().resolve("builder-images/static/test/app");
        Path repository = LocalGit.init(work.resolve("repositories/site"));
        LocalGit.commit(repository, "the site", Map.of("index.html", Files.readString(app.resolve("index.html")),
                "healthz", "ok\n", "package.json", "{\"name\": \"site\", \"private\": true}\n"));

        // Given an App whose first build ran on its BuildKit state claim, made by the controller
        App site = create(client, gitApp("site", git.url("site"), "builder: static", "routes: [{path: /}]"));
        Build first = awaitBuildEnded(client, BUILD_TIMEOUT, "site-build-1");
        String firstLog = buildLog(client, first);
        assertThat(first.getStatus().getPhase()).as(firstLog).isEqualTo(BuildPhase.Complete);
        PersistentVolumeClaim claim = client.persistentVolumeClaims().withName(BuildKitState.claimName("site")).get();
        assertThat(claim.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(site.getMetadata().getUid()));
        assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(firstLog).contains("extracting sha256:");

        // When a line of the page changes and the App is built again, in a new pod
        LocalGit.commit(repository, "a new heading", Map.of("index.html", "<h1>Hello again</h1>\n"));
        Build second = new Build();
        second.setMetadata(new ObjectMetaBuilder().withName("site-build-2")
                .withOwnerReferences(Owners.controllerReference(site)).build());
        second.setSpec(BuildNames.spec(site, null, null, "requested by the test", RealNode.REGISTRY));
        client.resource(second).create();
        Build rebuilt = awaitBuildEnded(client, BUILD_TIMEOUT, "site-build-2");

        // Then it pulled and unpacked nothing: the builder image and the dependency layer were in place
        String secondLog = buildLog(client, rebuilt);
        assertThat(rebuilt.getStatus().getPhase()).as(secondLog).isEqualTo(BuildPhase.Complete);
        assertThat(secondLog).doesNotContain("extracting sha256:")
                .containsPattern("RUN if \\[ -x /usr/libexec/s2i/dependencies ][^\\n]*\\n[^\\n]*CACHED");
        assertThat(rebuilt.getStatus().getImage()).isNotEqualTo(first.getStatus().getImage());
    }
}
