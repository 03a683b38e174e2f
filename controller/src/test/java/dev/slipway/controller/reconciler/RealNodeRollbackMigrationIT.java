package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static dev.slipway.controller.reconciler.ReleaseFixtures.edit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Migration;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.controller.WithController;
import dev.slipway.controller.rollout.ReleaseStateMachine;
import dev.slipway.controller.status.Conditions;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rollbacks across a release whose pre hook is a migration, applied as Releases with kubectl would
 * be (the controller refuses on its own, not only the API): across an irreversible one it is
 * refused, and goes ahead when forced; across a reversible one whose down command fails it stops
 * before the older release starts, and the newer one keeps serving.
 */
@KubeClusterTest(realNode = true)
class RealNodeRollbackMigrationIT extends WithController {

    @Test
    void aRollbackAcrossAnIrreversibleMigrationIsRefusedThenForced(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        migrated(namespace, "ledger", migration(false, null));

        rollback(client, "ledger", 3, false);

        Release refused = awaitPhase(client, "ledger-3", ReleasePhase.Failed);
        assertThat(Conditions.find(refused.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("revision 1", "ledger-2", "force"));
        assertThat(refused.getStatus().getSteps()).isNullOrEmpty();
        assertThat(AppPods.answers(client, "ledger")).containsOnly("v2");

        rollback(client, "ledger", 4, true);

        Release forced = awaitPhase(client, "ledger-4", ReleasePhase.Complete);
        assertThat(Conditions.find(forced.getStatus().getConditions(), ConditionTypes.FORCED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("forced by alice", "ledger-2"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("MigrationForced");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("ledger-4");
                }));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.answers(client, "ledger")).containsOnly("v1"));
    }

    @Test
    void aRollbackWhoseDownCommandFailsStopsAndTheNewerReleaseKeepsServing(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        migrated(namespace, "stock", migration(true, List.of("sh", "-c", "echo cannot undo >&2; exit 4")));

        rollback(client, "stock", 3, false);

        Release failed = awaitPhase(client, "stock-3", ReleasePhase.Failed);
        assertThat(failed.getStatus().getSteps()).extracting(ReleaseStep::getName, ReleaseStep::getUndoes)
                .first().isEqualTo(tuple(StepName.MIGRATE_DOWN, 2L));
        assertThat(failed.getStatus().getSteps().get(0).getMessage()).contains("migrate-down", "exit code 4");
        assertThat(Conditions.find(failed.getStatus().getConditions(), ConditionTypes.SUCCEEDED))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("serving release keeps serving"));
        assertThat(client.batch().v1().jobs().withLabel(Labels.RELEASE, "stock-3").list().getItems())
                .extracting(j -> j.getMetadata().getName()).containsExactly("stock-3-down-2-1");
        // Revision 1's pods may still be terminating from the release before: those are not serving.
        assertThat(client.pods().withLabel(Labels.APP, "stock").withLabel(Labels.ROLE, Labels.WEB).list().getItems()
                .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList())
                .hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(Labels.REVISION, "2"));
        assertThat(AppPods.answers(client, "stock")).containsOnly("v2");
    }

    /** Revision 1 serving v1, then revision 2 serving v2 after its pre hook, the migration given, ran. */
    private static void migrated(TestNamespace namespace, String name, Migration migration) {
        KubernetesClient client = namespace.client();
        create(client, """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: %s
                  replicas: 2
                  env: [{name: MESSAGE, value: v1}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  strategy: {type: Rolling, timeoutSeconds: 60}
                """.formatted(name, RealNode.webSampleImage(namespace.cluster())));
        awaitPhase(client, name + "-1", ReleasePhase.Complete);
        edit(client, name, a -> {
            Hook pre = new Hook();
            pre.setCommand(List.of("sh", "-c", "echo migrating"));
            pre.setMigration(migration);
            Hooks hooks = new Hooks();
            hooks.setPre(pre);
            a.getSpec().setHooks(hooks);
            a.getSpec().getEnv().get(0).setValue("v2");
            return a;
        });
        awaitPhase(client, name + "-2", ReleasePhase.Complete);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(AppPods.answers(client, name)).containsOnly("v2"));
    }

    private static Migration migration(boolean reversible, List<String> down) {
        Migration migration = new Migration();
        migration.setReversible(reversible);
        migration.setDown(down);
        return migration;
    }

    /** A Release rolling back to revision 1, as kubectl would apply it for alice. */
    private static void rollback(KubernetesClient client, String app, long revision, boolean force) {
        client.resource(Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: %s-%d
                  annotations: {slipway.dev/requested-by: alice}
                spec: {app: %s, revision: %d, rollbackOf: 1, reason: "rollback to 1"%s}
                """.formatted(app, revision, app, revision, force ? ", force: true" : ""), Release.class)).create();
    }
}
