package dev.slipway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.testkit.CrdInstaller;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RepositoryLayout;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Upgrading to CRDs that declare defaults: the API server then fills them into every App it reads,
 * and the config trigger must not take that for a change, or the upgrade would release every App
 * once. The cluster's CRDs are the current ones again when the test ends, whatever happened.
 */
@KubeClusterTest
class UpgradeDefaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for a restarted controller to have reconciled the App more than once. */
    private static final Duration QUIET = Duration.ofSeconds(20);

    /**
     * Has no defaulted field set, and a health check whose defaulted fields (initialDelaySeconds,
     * periodSeconds) are part of the config hash, so a hash that counted filled-in defaults would differ.
     */
    private static final String APP = """
            apiVersion: slipway.dev/v1alpha1
            kind: App
            metadata: {name: shop}
            spec:
              image: registry.example.com/shop:1
              healthCheck: {path: /healthz}
            """;

    @Test
    void appsStoredBeforeTheCrdsHadDefaultsAreNotReleasedAgain(TestNamespace namespace) throws URISyntaxException {
        KubernetesClient client = namespace.client();
        try {
            CrdInstaller.install(client, beforeDefaults());
            awaitServedDefaults(client, false);
            Release first;
            InProcessController before = InProcessController.start(namespace);
            try {
                client.resource(Serialization.unmarshal(APP, App.class)).create();
                first = awaitPhase(client, "shop-1", ReleasePhase.Complete);
            } finally {
                before.close();
            }
            assertThat(client.resources(App.class).withName("shop").get().getSpec().getReplicas())
                    .as("stored without defaults").isNull();
            String recorded = first.getMetadata().getAnnotations().get(Labels.CONFIG_HASH);

            CrdInstaller.install(client, RepositoryLayout.crds());
            awaitServedDefaults(client, true);
            AppSpec upgraded = client.resources(App.class).withName("shop").get().getSpec();
            assertThat(upgraded.getReplicas()).isEqualTo(1);
            assertThat(upgraded.getTriggers().getConfig()).isTrue();
            assertThat(upgraded.getHealthCheck().getPeriodSeconds()).isEqualTo(10);
            assertThat(ReleaseConfigs.appHash(upgraded)).as("the hash of the App read back with defaults")
                    .isEqualTo(recorded);
            long deploymentGeneration = deploymentGeneration(client);
            PodTemplateSpec pods = client.apps().deployments().withName("shop").get().getSpec().getTemplate();

            InProcessController after = InProcessController.start(namespace);
            try {
                await().during(QUIET).atMost(QUIET.plus(TIMEOUT)).pollInterval(Duration.ofMillis(500))
                        .until(() -> releases(client).size() == 1 && Long.valueOf(1).equals(latestRevision(client)));
                assertThat(deploymentGeneration(client)).as("the pods were left alone").isEqualTo(deploymentGeneration);

                // Replicas are not what the pods run: the Deployment scales, from the Release read back
                // with defaults, to the same pods, and no release is made.
                edit(client, a -> {
                    a.getSpec().setReplicas(2);
                    return a;
                });
                Deployment scaled = await().atMost(TIMEOUT).until(
                        () -> client.apps().deployments().withName("shop").get(), d -> d.getSpec().getReplicas() == 2);
                assertThat(scaled.getSpec().getTemplate()).isEqualTo(pods);
                assertThat(releases(client)).hasSize(1);

                // A change to what the pods run still releases.
                edit(client, a -> {
                    EnvVar greeting = new EnvVar();
                    greeting.setName("GREETING");
                    greeting.setValue("hello");
                    a.getSpec().setEnv(List.of(greeting));
                    return a;
                });
                Release second = awaitPhase(client, "shop-2", ReleasePhase.Complete);
                assertThat(second.getSpec().getReason()).isEqualTo("config change");
                await().atMost(TIMEOUT).until(() -> Long.valueOf(2).equals(latestRevision(client)));
            } finally {
                after.close();
            }
        } finally {
            CrdInstaller.install(client, RepositoryLayout.crds());
            awaitServedDefaults(client, true);
        }
    }

    /** The CRDs as released before their fields had defaults, kept as test resources. */
    private static Path beforeDefaults() throws URISyntaxException {
        return Path.of(UpgradeDefaultsIT.class.getResource("/crds-before-defaults").toURI());
    }

    /**
     * Waits until the API server serves the schema just installed, which follows the CRD's
     * Established condition by a moment: an App that is only tried (a dry run) comes back with the
     * defaults filled in, or without them.
     */
    private static void awaitServedDefaults(KubernetesClient client, boolean filledIn) {
        App probe = Serialization.unmarshal(APP.replace("name: shop", "name: schema-probe"), App.class);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resource(probe).dryRun().create().getSpec().getReplicas() != null == filledIn);
    }

    private static Release awaitPhase(KubernetesClient client, String name, ReleasePhase phase) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resources(Release.class).withName(name).get(),
                        r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    private static List<Release> releases(KubernetesClient client) {
        return client.resources(Release.class).withLabel(Labels.APP, "shop").list().getItems();
    }

    private static Long latestRevision(KubernetesClient client) {
        App app = client.resources(App.class).withName("shop").get();
        return app.getStatus() == null ? null : app.getStatus().getLatestRevision();
    }

    private static long deploymentGeneration(KubernetesClient client) {
        return client.apps().deployments().withName("shop").get().getMetadata().getGeneration();
    }

    /** Changes the App as a user would, again when the controller wrote it in between (409 Conflict). */
    private static void edit(KubernetesClient client, UnaryOperator<App> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(App.class).withName("shop").edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
