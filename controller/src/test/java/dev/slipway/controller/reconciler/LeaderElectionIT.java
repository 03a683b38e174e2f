package dev.slipway.controller.reconciler;

import static dev.slipway.controller.reconciler.ReleaseFixtures.TIMEOUT;
import static dev.slipway.controller.reconciler.ReleaseFixtures.awaitPhase;
import static dev.slipway.controller.reconciler.ReleaseFixtures.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.InProcessController;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two replicas elect a leader on a Lease; only the leader acts, and the other takes over when it stops. */
@KubeClusterTest
class LeaderElectionIT {

    @Test
    void onlyTheLeaderActsAndTheOtherTakesOver(TestNamespace namespace) {
        KubernetesClient client = namespace.client();
        ControllerSettings settings = ControllerSettings.forNamespaces(namespace.name())
                .withLeaderElection(namespace.name(), Duration.ofSeconds(4));
        InProcessController first = InProcessController.start(namespace, settings, "replica-a");
        await().atMost(TIMEOUT).until(() -> "replica-a".equals(holder(client)));
        InProcessController second = InProcessController.start(namespace, settings, "replica-b");
        try {
            create(client, """
                    apiVersion: slipway.dev/v1alpha1
                    kind: App
                    metadata: {name: led}
                    spec: {image: registry.example.com/led:1}
                    """);
            awaitPhase(client, "led-1", ReleasePhase.Complete);
            assertThat(holder(client)).isEqualTo("replica-a");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reporters(client, "led-1"))
                    .as("Events of revision 1 come from the leader only").containsExactly("replica-a"));

            // When the leader stops, the other replica takes the Lease and acts
            first.close();
            await().atMost(TIMEOUT).until(() -> "replica-b".equals(holder(client)));
            ReleaseFixtures.edit(client, "led", a -> {
                a.getSpec().setImage("registry.example.com/led:2");
                return a;
            });
            awaitPhase(client, "led-2", ReleasePhase.Complete);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reporters(client, "led-2"))
                    .as("Events of revision 2 come from the new leader").containsExactly("replica-b"));
        } finally {
            first.close();
            second.close();
        }
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().withName(ControllerSettings.LEASE_NAME).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static List<String> reporters(KubernetesClient client, String release) {
        return client.v1().events().list().getItems().stream()
                .filter(e -> release.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReportingInstance()).distinct().toList();
    }

}
