package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The controller runs as the ServiceAccount of manifests/controller/rbac.yaml, with only the
 * permissions shipped there: a release with hooks and a route goes through, and the whole
 * installation is accepted by the API server.
 */
@KubeClusterTest
class ControllerPermissionsIT {

    private static final Path MANIFESTS = Path.of(System.getProperty("slipway.repo.root", ".."), "manifests");

    @Test
    void theShippedPermissionsAreEnoughForRecreateReleasesWithHooksAndARoute(TestNamespace namespace) {
        KubernetesClient admin = namespace.cluster().newClient(null);
        if (admin.namespaces().withName("slipway-system").get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("slipway-system").endMetadata()
                    .build()).create();
        }
        Kubectl.Result applied = namespace.cluster().kubectl(null).run("apply", "--server-side", "-f",
                MANIFESTS.resolve("controller/rbac.yaml").toString());
        assertThat(applied.succeeded()).as("%s", applied).isTrue();
        await().atMost(TIMEOUT).until(() -> admin.serviceAccounts().inNamespace("slipway-system")
                .withName("slipway-controller").get() != null);
        String token = admin.serviceAccounts().inNamespace("slipway-system").withName("slipway-controller")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Config asController = new ConfigBuilder(admin.getConfiguration()).withOauthToken(token)
                .withClientCertData(null).withClientKeyData(null).withClientCertFile(null).withClientKeyFile(null).build();
        admin.close();

        try (InProcessController controller = InProcessController.startWith(asController,
                ControllerSettings.forNamespaces(namespace.name()), "as-service-account")) {
            KubernetesClient client = namespace.client();
            create(client, """
                    apiVersion: slipway.dev/v1alpha1
                    kind: App
                    metadata: {name: shop}
                    spec:
                      image: registry.example.com/shop:1
                      strategy: {type: Recreate}
                      hooks:
                        pre: {command: [bin/check]}
                        mid: {command: [bin/migrate]}
                      routes: [{host: shop.example.test}]
                    """);

            awaitPhase(client, "shop-1", ReleasePhase.Complete);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                App app = client.resources(App.class).withName("shop").get();
                assertThat(app.getStatus().getUrl()).isEqualTo("http://shop.example.test/");
            });
            assertThat(client.network().v1().ingresses().withName("shop").get()).isNotNull();

            // A second Recreate release scales the running pods down first: the scale subresource.
            edit(client, "shop", a -> {
                a.getSpec().setImage("registry.example.com/shop:2");
                return a;
            });
            awaitPhase(client, "shop-2", ReleasePhase.Complete);
        }
    }

    @Test
    void theWholeInstallationIsAcceptedByTheApiServer(TestNamespace namespace) {
        Kubectl kubectl = namespace.cluster().kubectl(null);
        Kubectl.Result rendered = kubectl.run("kustomize", MANIFESTS.toString());
        assertThat(rendered.succeeded()).as("%s", rendered).isTrue();

        Kubectl.Result dryRun = kubectl.runWithInput(rendered.stdout().replace("namespace: slipway-system",
                "namespace: " + namespace.name()), "apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "-");

        assertThat(dryRun.succeeded()).as("%s", dryRun).isTrue();
        assertThat(dryRun.stdout()).contains("deployment.apps/slipway-controller", "clusterrole.rbac.authorization.k8s.io/slipway-controller",
                "deployment.apps/slipway-api-server", "customresourcedefinition.apiextensions.k8s.io/apps.slipway.dev");
    }
}
