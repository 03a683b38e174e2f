package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitBuild;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.sourceApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalRegistry;
import dev.slipway.testkit.PodBehaviour;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The builder image trigger against a real registry (the distribution registry on this machine):
 * builds run FROM the builder tag pinned to the digest the registry serves, and a new push of the
 * tag rebuilds, once, the Apps built on it, and releases the result.
 */
@KubeClusterTest
class BuilderImageTriggerIT {

    private static final String BUILDER = "slipway/builder-node";
    private static LocalRegistry registry;
    private static String first;
    private static InProcessController controller;

    @BeforeAll
    static void start(TestNamespace namespace) {
        registry = LocalRegistry.start();
        first = registry.push(BUILDER, "latest", "node builder, first version");
        controller = InProcessController.start(namespace, ControllerSettings.forNamespaces(namespace.name())
                .withRegistry(registry.host(), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        controller.close();
        registry.close();
    }

    @Test
    void aNewDigestOfTheBuilderTagRebuildsAndReleasesTheAppsOnIt(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        String tag = registry.host() + "/" + BUILDER + ":latest";

        // Given an App built on the node builder, and one that turned the trigger off
        create(client, app("shop", ""));
        create(client, app("frozen", "triggers: {builderImage: false}"));

        // Then their first builds ran FROM the tag pinned to the digest the registry served
        Build build = awaitBuild(client, "shop-build-1", BuildPhase.Complete);
        assertThat(build.getStatus().getBuilderImage()).isEqualTo(tag + "@" + first);
        assertThat(dockerfile(client, "shop-build-1")).contains("FROM " + tag + "@" + first + "\n");
        awaitPhase(client, "shop-1", ReleasePhase.Complete);
        awaitBuild(client, "frozen-build-1", BuildPhase.Complete);

        // When a new builder image is pushed to the tag
        String second = registry.push(BUILDER, "latest", "node builder, security fix");
        assertThat(second).isNotEqualTo(first);

        // Then the App is rebuilt FROM the new digest, and the new build is released
        Build rebuilt = awaitBuild(client, "shop-build-2", BuildPhase.Complete);
        assertThat(rebuilt.getSpec().getTrigger()).isEqualTo("builder image changed");
        assertThat(rebuilt.getMetadata().getAnnotations()).containsEntry(Labels.BUILDER_IMAGE, tag + "@" + second);
        assertThat(rebuilt.getStatus().getBuilderImage()).isEqualTo(tag + "@" + second);
        assertThat(dockerfile(client, "shop-build-2")).contains("FROM " + tag + "@" + second + "\n");
        assertThat(awaitPhase(client, "shop-2", ReleasePhase.Complete).getSpec().getReason())
                .isEqualTo("image change: build shop-build-2");

        // And it is rebuilt once: later polls see the same digest; the App with the trigger off is not rebuilt
        await().during(Duration.ofSeconds(4)).atMost(TIMEOUT).until(() -> builds(client, "shop").size() == 2
                && builds(client, "frozen").size() == 1);
    }

    private static String app(String name, String spec) {
        String image = registry.host() + "/demo/" + name + "@sha256:" + "5e".repeat(32);
        return sourceApp(name, spec, "    annotations: {%s: \"%s\"}\n".formatted(
                PodBehaviour.TERMINATION_MESSAGE_ANNOTATION, image));
    }

    private static String dockerfile(KubernetesClient client, String build) {
        return client.batch().v1().jobs().withName(build).get().getSpec().getTemplate().getSpec().getInitContainers()
                .get(1).getEnv().stream().filter(e -> e.getName().equals("DOCKERFILE")).findFirst().orElseThrow()
                .getValue();
    }

    private static List<Build> builds(KubernetesClient client, String app) {
        return client.resources(Build.class).withLabel(Labels.APP, app).list().getItems();
    }
}
