package dev.slipway.controller;

import dev.slipway.controller.reconciler.AppReconciler;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.reconciler.BuildReconciler;
import dev.slipway.controller.reconciler.ReleaseReconciler;
import dev.slipway.controller.reconciler.RouteReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds the controller: one JOSDK operator with every Slipway reconciler registered, watching the
 * namespaces of the settings, optionally behind leader election. {@code Main} runs it; integration
 * tests run it in process against the test cluster.
 */
public final class SlipwayOperator {

    private SlipwayOperator() {
    }

    public static Operator create(KubernetesClient client, ControllerSettings settings, MeterRegistry registry) {
        return create(client, settings, registry, "slipway-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** As {@link #create(KubernetesClient, ControllerSettings, MeterRegistry)}, with this replica's Lease identity. */
    public static Operator create(KubernetesClient client, ControllerSettings settings, MeterRegistry registry,
            String identity) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withCloseClientOnStop(false)
                    .withConcurrentReconciliationThreads(4);
            if (settings.leaderElection()) {
                // exitOnStopLeading false: losing the Lease stops this replica's reconcilers, not its JVM,
                // so the controller's Main decides how to exit and tests can stop a leader in process.
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(ControllerSettings.LEASE_NAME,
                        settings.leaseNamespace(), settings.leaseDuration(),
                        settings.leaseDuration().multipliedBy(2).dividedBy(3), settings.leaseDuration().dividedBy(5),
                        identity, null, false));
            }
        });
        for (Reconciler<? extends HasMetadata> reconciler : reconcilers(settings, registry, identity)) {
            register(operator, reconciler, settings);
        }
        return operator;
    }

    /** Every reconciler of Slipway, one per kind; {@code identity} names this replica in Events. */
    static List<Reconciler<? extends HasMetadata>> reconcilers(ControllerSettings settings, MeterRegistry registry,
            String identity) {
        // Shared: the App reconciler's poller writes builder image digests, builds are pinned to them.
        BuilderDigests builderDigests = new BuilderDigests();
        return List.of(
                new AppReconciler(settings, builderDigests, identity),
                new ReleaseReconciler(settings, registry, identity),
                new RouteReconciler(settings, identity),
                new BuildReconciler(settings, builderDigests, identity));
    }

    private static <P extends HasMetadata> void register(Operator operator, Reconciler<P> reconciler,
            ControllerSettings settings) {
        Consumer<ControllerConfigurationOverrider<P>> namespaces = settings.namespaces().isEmpty()
                ? ControllerConfigurationOverrider::watchingAllNamespaces
                : o -> o.settingNamespaces(settings.namespaces());
        operator.register(reconciler, namespaces);
    }
}
