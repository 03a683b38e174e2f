package dev.slipway.controller.reconciler;

import static dev.slipway.api.v1alpha1.ConditionTypes.DEGRADED;
import static dev.slipway.api.v1alpha1.ConditionTypes.TRIGGERS_PAUSED;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.WithController;
import dev.slipway.controller.reconciler.AppReconciler;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.PodBehaviour;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Manual rollback, waiting and superseding releases, bad config that passes the schema, pruning. */
class ReleaseLifecycleIT extends WithController {

    @Test
    void rollbackRestoresAnEarlierRevisionAndTriggersWaitForTheNextSpecChange(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop}
                spec:
                  image: registry.example.com/shop:1
                  env: [{name: GREETING, value: hello}]
                """);
        awaitPhase(client, "shop-1", ReleasePhase.Complete);
        edit(client, "shop", a -> {
            a.getSpec().setImage("registry.example.com/shop:2");
            a.getSpec().getEnv().get(0).setValue("hi");
            return a;
        });
        awaitPhase(client, "shop-2", ReleasePhase.Complete);

        // When someone asks, as kubectl users and the API do, for revision 1 again
        namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: shop-3}
                spec: {app: shop, revision: 3, rollbackOf: 1, reason: "rollback to 1"}
                """);

        Release rollback = awaitPhase(client, "shop-3", ReleasePhase.Complete);
        assertThat(rollback.getSpec().getImage()).isEqualTo("registry.example.com/shop:1");
        assertThat(rollback.getSpec().getConfig().getEnv().get(0).getValue()).isEqualTo("hello");
        var container = client.apps().deployments().withName("shop").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example.com/shop:1");
        assertThat(container.getEnv().get(0).getValue()).isEqualTo("hello");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Conditions.isTrue(client.resources(App.class)
                .withName("shop").get().getStatus().getConditions(), TRIGGERS_PAUSED)).isTrue());
        // The config trigger stays quiet although the App says shop:2
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> releases(client, "shop").size() == 3);

        // When the App changes again, triggers resume
        edit(client, "shop", a -> {
            a.getSpec().setImage("registry.example.com/shop:3");
            return a;
        });
        Release next = awaitPhase(client, "shop-4", ReleasePhase.Complete);
        assertThat(next.getSpec().getReason()).isEqualTo("config change");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Conditions.find(client.resources(App.class)
                .withName("shop").get().getStatus().getConditions(), TRIGGERS_PAUSED)).isEmpty());
    }

    @Test
    void aRequestedReleaseOfAnotherImageIsNotUndoneByTheConfigTrigger(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: hotfix}
                spec: {image: registry.example.com/hotfix:1}
                """);
        awaitPhase(client, "hotfix-1", ReleasePhase.Complete);

        // As kubectl apply of a Release naming only an image: the controller pins the App's own config
        namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: hotfix-2}
                spec: {app: hotfix, revision: 2, image: registry.example.com/hotfix:1.0.1, reason: "requested by alice: hotfix"}
                """);

        Release requested = awaitPhase(client, "hotfix-2", ReleasePhase.Complete);
        assertThat(requested.getSpec().getConfig()).isNotNull();
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> releases(client, "hotfix").size() == 2);
        assertThat(client.apps().deployments().withName("hotfix").get().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage()).isEqualTo("registry.example.com/hotfix:1.0.1");
    }

    @Test
    void aReleaseRequestedWhileAnotherRunsWaitsAndANewerOneSupersedesIt(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: queue}
                spec:
                  image: registry.example.com/queue:1
                  hooks:
                    pre:
                      command: [bin/check]
                      podMetadata: {labels: {test.slipway.dev/hold: "true"}}
                """);
        // Revision 1 runs its held pre hook while revisions 2 and 3 are requested
        await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().withName("queue-1-pre-1").get() != null);
        for (int revision : List.of(2, 3)) {
            namespace.kubectl().apply("""
                    apiVersion: slipway.dev/v1alpha1
                    kind: Release
                    metadata: {name: queue-%d}
                    spec: {app: queue, revision: %d, reason: "requested by alice: hotfix %d"}
                    """.formatted(revision, revision, revision));
        }

        Release superseded = awaitPhase(client, "queue-2", ReleasePhase.Superseded);
        assertThat(Conditions.find(superseded.getStatus().getConditions(), "Succeeded"))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("revision 3"));
        assertThat(superseded.getStatus().getSteps()).isNull();
        assertThat(ReleaseFixtures.release(client, "queue-3").getStatus().getPhase()).isEqualTo(ReleasePhase.Pending);

        releaseHold(client, "queue-1-pre-1");
        awaitPhase(client, "queue-1", ReleasePhase.Complete);
        await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().withName("queue-3-pre-1").get() != null);
        releaseHold(client, "queue-3-pre-1");
        awaitPhase(client, "queue-3", ReleasePhase.Complete);
        assertThat(client.batch().v1().jobs().withName("queue-2-pre-1").get()).as("a superseded release ran nothing")
                .isNull();
    }

    @Test
    void configThatPassesTheSchemaButCannotWorkIsReportedAndTheServingReleaseStays(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: api}
                spec:
                  image: registry.example.com/api:1
                """);
        awaitPhase(client, "api-1", ReleasePhase.Complete);

        edit(client, "api", a -> {
            a.getSpec().setImage("registry.example.com/API:latest!");
            return a;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Conditions.find(client.resources(App.class).withName("api")
                .get().getStatus().getConditions(), DEGRADED)).hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo("InvalidConfig");
                    assertThat(c.getMessage()).contains("is not a valid image reference");
                }));

        edit(client, "api", a -> {
            a.getSpec().setImage("registry.example.com/api:2");
            a.getSpec().setEnv(List.of(ReleaseFixtures.app("""
                    apiVersion: slipway.dev/v1alpha1
                    kind: App
                    metadata: {name: x}
                    spec: {env: [{name: DATABASE_URL, valueFrom: {secretKeyRef: {name: api-db, key: url}}}]}
                    """).getSpec().getEnv().get(0)));
            return a;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            App app = client.resources(App.class).withName("api").get();
            assertThat(Conditions.find(app.getStatus().getConditions(), DEGRADED))
                    .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("Secret api-db does not exist"));
            assertThat(app.getStatus().getPhase()).isEqualTo(AppPhase.Ready);
            assertThat(app.getStatus().getCurrentRelease()).isEqualTo("api-1");
        });
        assertThat(releases(client, "api")).hasSize(1);

        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("api-db").endMetadata()
                .addToStringData("url", "postgres://db/api").build()).create();
        awaitPhase(client, "api-2", ReleasePhase.Complete);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(Conditions.isTrue(client.resources(App.class)
                .withName("api").get().getStatus().getConditions(), DEGRADED)).isFalse());
    }

    @Test
    void finishedReleasesBeyondTheHistoryLimitArePrunedWithTheirJobs(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: pruned}
                spec:
                  image: registry.example.com/pruned:1
                  revisionHistoryLimit: 2
                  hooks: {post: {command: [bin/notify]}}
                """);
        for (int revision = 1; revision <= 4; revision++) {
            awaitPhase(client, "pruned-" + revision, ReleasePhase.Complete);
            int next = revision + 1;
            if (revision < 4) {
                edit(client, "pruned", a -> {
                    a.getSpec().setImage("registry.example.com/pruned:" + next);
                    return a;
                });
            }
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(releases(client, "pruned")).extracting(r -> r.getMetadata().getName())
                    .containsExactlyInAnyOrder("pruned-3", "pruned-4");
            assertThat(client.batch().v1().jobs().withLabel(Labels.APP, "pruned").list().getItems())
                    .extracting(j -> j.getMetadata().getName()).containsExactlyInAnyOrder("pruned-3-post-1", "pruned-4-post-1");
        });
    }

    private static List<Release> releases(KubernetesClient client, String app) {
        return client.resources(Release.class).list().getItems().stream()
                .filter(r -> app.equals(r.getSpec().getApp())).toList();
    }

    private static void releaseHold(KubernetesClient client, String job) {
        await().atMost(TIMEOUT).until(() -> !client.pods().withLabel("job-name", job).list().getItems().isEmpty());
        client.pods().withLabel("job-name", job).list().getItems().forEach(p -> client.pods()
                .withName(p.getMetadata().getName()).edit(pod -> {
                    pod.getMetadata().getLabels().remove(PodBehaviour.HOLD_LABEL);
                    return pod;
                }));
    }
}
