package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitBuild;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static dev.slipway.controller.reconciler.ReleaseFixtures.sourceApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.PodBehaviour;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Builds on the test cluster. There is no BuildKit on the fake node: the App's podMetadata, which
 * build pods carry too, tells kwok how the build pod ends and what its build container says.
 */
class BuildIT extends WithController {

    private static final String DIGEST = "@sha256:" + "5e".repeat(32);

    @Test
    void aCompletedBuildIsReleasedByItsDigest(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String image = "registry.slipway-system.svc:5000/" + namespace.name() + "/shop" + DIGEST;

        // Given an App built from source whose build pod pushes image@digest after two seconds
        create(client, sourceApp("shop", "", """
                    annotations:
                      %s: "2s"
                      %s: "%s"
                """.formatted(PodBehaviour.RUN_DURATION_ANNOTATION, PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, image)));

        // Then its first build runs while the App says Building
        await().atMost(TIMEOUT).until(() -> app(client, "shop").getStatus() != null
                && app(client, "shop").getStatus().getPhase() == AppPhase.Building);
        Build build = awaitBuild(client, "shop-build-1", BuildPhase.Complete);
        assertThat(build.getStatus().getImage()).isEqualTo(image);
        assertThat(build.getStatus().getStartedAt()).isNotNull();
        assertThat(build.getStatus().getCompletedAt()).isNotNull();
        assertThat(build.getStatus().getPodName()).startsWith("shop-build-1-");
        assertThat(build.getSpec().getTrigger()).isEqualTo("source change");
        assertThat(build.getSpec().getOutput().getImage())
                .isEqualTo("registry.slipway-system.svc:5000/" + namespace.name() + "/shop");

        // And a release of exactly that digest follows and completes
        Release release = awaitPhase(client, "shop-1", ReleasePhase.Complete);
        assertThat(release.getSpec().getImage()).isEqualTo(image);
        assertThat(release.getSpec().getReason()).isEqualTo("image change: build shop-build-1");
        assertThat(client.apps().deployments().withName("shop").get().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()).isEqualTo(image);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            App app = app(client, "shop");
            assertThat(app.getStatus().getPhase()).isEqualTo(AppPhase.Ready);
            assertThat(app.getStatus().getLatestBuild()).isEqualTo("shop-build-1");
            assertThat(Conditions.isTrue(app.getStatus().getConditions(), ConditionTypes.BUILD_SUCCEEDED)).isTrue();
        });

        // When its config changes, the built image is released again with the new config, once
        edit(client, "shop", a -> {
            a.getSpec().setEnv(List.of(env("GREETING", "hi")));
            return a;
        });
        Release again = awaitPhase(client, "shop-2", ReleasePhase.Complete);
        assertThat(again.getSpec().getImage()).isEqualTo(image);
        assertThat(again.getSpec().getReason()).isEqualTo("config change");
        await().during(Duration.ofSeconds(2)).atMost(TIMEOUT)
                .until(() -> client.resources(Release.class).withLabel(Labels.APP, "shop").list().getItems().size() == 2);
    }

    private static EnvVar env(String name, String value) {
        EnvVar var = new EnvVar();
        var.setName(name);
        var.setValue(value);
        return var;
    }

    @Test
    void aFailingBuildSaysWhyAndReleasesNothing(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        // Given an App whose assemble step fails
        create(client, sourceApp("broken", "", """
                    annotations:
                      %s: "1"
                      %s: "assemble failed: npm ERR! Missing script: build"
                """.formatted(PodBehaviour.EXIT_CODE_ANNOTATION, PodBehaviour.TERMINATION_MESSAGE_ANNOTATION)));

        // Then the build fails with what the build container said, and no release is made
        Build build = awaitBuild(client, "broken-build-1", BuildPhase.Failed);
        assertThat(build.getStatus().getMessage()).isEqualTo("assemble failed: npm ERR! Missing script: build");
        assertThat(build.getStatus().getImage()).isNull();
        assertThat(Conditions.find(build.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("BuildFailed"));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            App app = app(client, "broken");
            assertThat(Conditions.find(app.getStatus().getConditions(), ConditionTypes.BUILD_SUCCEEDED))
                    .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("assemble failed"));
            assertThat(app.getStatus().getPhase()).isEqualTo(AppPhase.Pending);
        });
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT)
                .until(() -> client.resources(Release.class).withLabel(Labels.APP, "broken").list().getItems().isEmpty());
    }

    @Test
    void aNewerBuildCancelsTheQueuedOnesAndRunsAfterTheRunningOne(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String image = "registry.slipway-system.svc:5000/" + namespace.name() + "/queue" + DIGEST;

        // Given an App whose first build is still running
        create(client, sourceApp("queue", "", """
                    labels: {%s: "true"}
                    annotations: {%s: "%s"}
                """.formatted(PodBehaviour.HOLD_LABEL, PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, image)));
        awaitBuild(client, "queue-build-1", BuildPhase.Running);

        // When two more builds are asked for
        client.resource(build("queue-build-2", "queue")).create();
        client.resource(build("queue-build-3", "queue")).create();

        // Then the older one waiting is cancelled, and the newest waits for the running one
        Build cancelled = awaitBuild(client, "queue-build-2", BuildPhase.Cancelled);
        assertThat(cancelled.getStatus().getMessage()).contains("queue-build-3");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(build(client, "queue-build-3").getStatus().getMessage())
                .contains("waiting for build queue-build-1"));
        assertThat(client.batch().v1().jobs().withName("queue-build-3").get()).isNull();

        // When the running build ends, the newest runs and completes
        edit(client, "queue", a -> {
            a.getSpec().getPodMetadata().setLabels(null);
            return a;
        });
        client.pods().withLabel(Labels.BUILD, "queue-build-1").list().getItems().forEach(p -> client.pods()
                .withName(p.getMetadata().getName()).edit(pod -> {
                    pod.getMetadata().getLabels().remove(PodBehaviour.HOLD_LABEL);
                    return pod;
                }));
        awaitBuild(client, "queue-build-1", BuildPhase.Complete);
        assertThat(awaitBuild(client, "queue-build-3", BuildPhase.Complete).getStatus().getImage()).isEqualTo(image);
        assertThat(build(client, "queue-build-2").getStatus().getPhase()).isEqualTo(BuildPhase.Cancelled);
    }

    @Test
    void aBuildJobLeftBehindByItsDeletedBuildHoldsTheSlotUntilItEnds(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        // Given a running build and a newer one waiting for it
        create(client, sourceApp("orphan", "", """
                    labels: {%s: "true"}
                    annotations: {%s: "%s"}
                """.formatted(PodBehaviour.HOLD_LABEL, PodBehaviour.TERMINATION_MESSAGE_ANNOTATION,
                "registry.slipway-system.svc:5000/" + namespace.name() + "/orphan" + DIGEST)));
        awaitBuild(client, "orphan-build-1", BuildPhase.Running);
        edit(client, "orphan", a -> {
            a.getSpec().getPodMetadata().setLabels(null);
            return a;
        });
        client.resource(build("orphan-build-2", "orphan")).create();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(build(client, "orphan-build-2").getStatus().getMessage())
                .contains("waiting for build orphan-build-1"));

        // When the running Build is deleted but its Job kept, the Job, found on the API server, still holds the slot
        client.resources(Build.class).withName("orphan-build-1").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        await().atMost(TIMEOUT).until(() -> build(client, "orphan-build-1") == null);
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT)
                .until(() -> client.batch().v1().jobs().withName("orphan-build-2").get() == null);

        // And once that Job ends, the waiting build runs, though no event of the gone Build wakes it
        client.pods().withLabel(Labels.BUILD, "orphan-build-1").list().getItems().forEach(p -> client.pods()
                .withName(p.getMetadata().getName()).edit(pod -> {
                    pod.getMetadata().getLabels().remove(PodBehaviour.HOLD_LABEL);
                    return pod;
                }));
        awaitBuild(client, "orphan-build-2", BuildPhase.Complete);
    }

    @Test
    void anAppKeepsItsNewestFiveFailedOrCancelledBuilds(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        // Given an App whose builds all fail, and six more builds asked for at once
        create(client, sourceApp("flaky", "", """
                    annotations: {%s: "1"}
                """.formatted(PodBehaviour.EXIT_CODE_ANNOTATION)));
        for (int i = 2; i <= 7; i++) {
            client.resource(build("flaky-build-" + i, "flaky")).create();
        }

        // Then the newest runs (and fails), the ones queued before it are cancelled, and the two oldest go
        awaitBuild(client, "flaky-build-7", BuildPhase.Failed);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.resources(Build.class).list().getItems())
                .filteredOn(b -> b.getSpec().getApp().equals("flaky")).extracting(b -> b.getMetadata().getName())
                .containsExactlyInAnyOrder("flaky-build-3", "flaky-build-4", "flaky-build-5", "flaky-build-6",
                        "flaky-build-7"));
    }

    @Test
    void aSourceWithoutABuilderIsBuiltWithTheBuilderDetectedInTheBuildPod(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String image = "registry.slipway-system.svc:5000/" + namespace.name() + "/plain" + DIGEST;
        String builder = "registry.slipway-system.svc:5000/slipway/builder-node:latest@sha256:" + "7c".repeat(32);

        // Given an App that names no builder, whose build pod detects node (as build.sh reports it)
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: plain}
                spec:
                  source:
                    git: {url: "https://git.example.com/plain.git"}
                  podMetadata:
                    annotations: {%s: "%s\\nbuilder node %s"}
                """.formatted(PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, image, builder));

        // Then its build pod runs the catalog's detection and builds FROM what it chose
        await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().withName("plain-build-1").get() != null);
        var dockerfileStep = client.batch().v1().jobs().withName("plain-build-1").get().getSpec().getTemplate()
                .getSpec().getInitContainers().get(1);
        assertThat(dockerfileStep.getEnv()).extracting(e -> e.getName())
                .contains("DETECT_SCRIPTS", "BUILDER_IMAGES", "CONTEXT_DIR");

        // And the Build records the detected builder, and its image is released
        Build build = awaitBuild(client, "plain-build-1", BuildPhase.Complete);
        assertThat(build.getStatus().getImage()).isEqualTo(image);
        assertThat(build.getStatus().getBuilder()).isEqualTo("node");
        assertThat(build.getStatus().getBuilderImage()).isEqualTo(builder);
        assertThat(awaitPhase(client, "plain-1", ReleasePhase.Complete).getSpec().getImage()).isEqualTo(image);
    }

    @Test
    void aNamedBuilderIsRecordedWhenTheBuildStarts(TestNamespace namespace) {
        KubernetesClient client = namespace.client();

        create(client, sourceApp("named", "", """
                    labels: {%s: "true"}
                """.formatted(PodBehaviour.HOLD_LABEL)));

        Build build = awaitBuild(client, "named-build-1", BuildPhase.Running);
        assertThat(build.getStatus().getBuilder()).isEqualTo("node");
        assertThat(build.getStatus().getBuilderImage())
                .isEqualTo("registry.slipway-system.svc:5000/slipway/builder-node:latest");
    }

    private static Build build(String name, String app) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Build
                metadata: {name: %s}
                spec:
                  app: %s
                  source: {git: {url: "https://git.example.com/%s.git", ref: main}}
                  builder: node
                  output: {image: registry.slipway-system.svc:5000/demo/%s}
                  trigger: requested by a test
                """.formatted(name, app, app, app), Build.class);
    }

    private static App app(KubernetesClient client, String name) {
        return client.resources(App.class).withName(name).get();
    }

    private static Build build(KubernetesClient client, String name) {
        return client.resources(Build.class).withName(name).get();
    }
}
