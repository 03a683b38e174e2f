package dev.slipway.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller as users run it ({@code Main}, a JVM of its own) ends its process when another
 * replica takes its Lease, instead of reconciling on beside the new leader; and stops promptly on
 * SIGTERM while it leads. The first exit once deadlocked: the loss is reported while the leader
 * elector holds its lock, which the shutdown's stop takes too.
 */
@KubeClusterTest
class LostLeaseIT {

    @Test
    void aLeaderWhoseLeaseIsTakenEndsItsProcess(TestNamespace namespace) throws Exception {
        Process controller = start(namespace);
        try {
            KubernetesClient client = namespace.client();
            awaitLeading(client, controller);

            // The leader renews every 1.2 s; a take that meets a renewal between its read and its write
            // (409) tries again, as another replica would.
            await().atMost(Duration.ofSeconds(15))
                    .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                    .until(() -> client.leases().withName(ControllerSettings.LEASE_NAME).edit(l -> {
                        l.getSpec().setHolderIdentity("another-replica");
                        l.getSpec().setRenewTime(ZonedDateTime.now());
                        return l;
                    }) != null);

            assertThat(controller.waitFor(30, TimeUnit.SECONDS)).as("the controller ended within 30 s").isTrue();
            assertThat(controller.exitValue()).isEqualTo(1);
        } finally {
            controller.destroyForcibly();
        }
    }

    @Test
    void aLeaderStopsPromptlyOnSigterm(TestNamespace namespace) throws Exception {
        Process controller = start(namespace);
        try {
            awaitLeading(namespace.client(), controller);

            controller.destroy();

            assertThat(controller.waitFor(20, TimeUnit.SECONDS)).as("the controller ended within 20 s").isTrue();
        } finally {
            controller.destroyForcibly();
        }
    }

    private static Process start(TestNamespace namespace) throws Exception {
        Path log = Files.createTempFile("lost-lease", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", namespace.cluster().kubeconfig().toString());
        builder.environment().put("SLIPWAY_NAMESPACES", namespace.name());
        builder.environment().put("SLIPWAY_LEASE_NAMESPACE", namespace.name());
        builder.environment().put("SLIPWAY_LEASE_SECONDS", "6");
        builder.environment().put("SLIPWAY_METRICS_PORT", "0");
        builder.environment().put("SLIPWAY_BUILDER_POLL_SECONDS", "0");
        return builder.start();
    }

    private static void awaitLeading(KubernetesClient client, Process controller) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Lease lease = client.leases().withName(ControllerSettings.LEASE_NAME).get();
            return lease != null && lease.getSpec().getHolderIdentity() != null
                    && lease.getSpec().getHolderIdentity().endsWith("-" + controller.pid());
        });
    }
}
