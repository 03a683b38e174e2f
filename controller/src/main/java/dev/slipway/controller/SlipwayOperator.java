package dev.slipway.controller;

import dev.slipway.controller.reconciler.AppReconciler;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.reconciler.BuildReconciler;
import dev.slipway.controller.reconciler.NamespaceLabels;
import dev.slipway.controller.reconciler.ReleaseReconciler;
import dev.slipway.controller.reconciler.RouteReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the controller: one JOSDK operator with every Slipway reconciler registered, watching the
 * namespaces of the settings, optionally behind leader election. {@code Main} runs it; integration
 * tests run it in process against the test cluster.
 */
public final class SlipwayOperator {

    private static final Logger LOG = LoggerFactory.getLogger(SlipwayOperator.class);
    private static final int RECONCILER_THREADS = 4;
    private static final AtomicBoolean UNNAMED_PASS_TOLD = new AtomicBoolean();

    private SlipwayOperator() {
    }

    public static Operator create(KubernetesClient client, ControllerSettings settings, MeterRegistry registry) {
        return create(client, settings, registry, "slipway-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * As {@link #create(KubernetesClient, ControllerSettings, MeterRegistry)}, with this replica's Lease
     * identity, for a replica run in a test's JVM: losing the Lease is logged and the JVM lives on.
     */
    public static Operator create(KubernetesClient client, ControllerSettings settings, MeterRegistry registry,
            String identity) {
        return create(client, settings, registry, identity, () -> { });
    }

    /**
     * @param onLostLease run when this replica stops leading: its Lease not renewed in time, taken by
     *     another replica, or given up as the operator stops. The Java Operator SDK by itself only logs
     *     the loss and keeps reconciling, so after a kube-apiserver outage longer than the renew deadline
     *     the old leader and the replica that took the Lease would both act; {@code Main} ends the
     *     process here, and the kubelet starts it again as a follower. (The SDK's own exit on a lost
     *     Lease is not used: it also fires while the JVM shuts down, where exiting blocks for good.)
     */
    public static Operator create(KubernetesClient client, ControllerSettings settings, MeterRegistry registry,
            String identity, Runnable onLostLease) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                    .withCloseClientOnStop(false)
                    .withExecutorService(reconcilerThreads(registry));
            if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(ControllerSettings.LEASE_NAME,
                        settings.leaseNamespace(), settings.leaseDuration(),
                        settings.leaseDuration().multipliedBy(2).dividedBy(3), settings.leaseDuration().dividedBy(5),
                        identity, new LeaderCallbacks(() -> { }, onLostLease, leader -> { }), false));
            }
        });
        for (Reconciler<? extends HasMetadata> reconciler : reconcilers(settings, registry,
                new EventRecorder(client, identity), new NamespaceLabels(client, settings.namespaces()))) {
            register(operator, reconciler, settings);
        }
        return operator;
    }

    /**
     * Every reconciler of Slipway, one per kind, telling through one recorder: the Events of this
     * replica are written in the order told, and a recorder stuck on its client (one closed under it)
     * holds up no other controller in the same JVM. The App and Release controllers read the
     * namespaces' approval labels from one watch.
     */
    static List<Reconciler<? extends HasMetadata>> reconcilers(ControllerSettings settings, MeterRegistry registry,
            EventRecorder events, NamespaceLabels namespaces) {
        // Shared: the App reconciler's poller writes builder image digests, builds are pinned to them.
        BuilderDigests builderDigests = new BuilderDigests();
        return List.of(
                new AppReconciler(settings, builderDigests, events, namespaces),
                new ReleaseReconciler(settings, registry, events, namespaces),
                new RouteReconciler(settings, events),
                new BuildReconciler(settings, builderDigests, events));
    }

    /**
     * Four threads for every reconciler's passes (16 measured slower on two cores: the passes wait
     * for CPU, not for requests), each controller's passes in a line of their own, the lines taking
     * turns ({@link TakeTurnsQueue}).
     */
    static ExecutorService reconcilerThreads(MeterRegistry registry) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor threads = new ThreadPoolExecutor(RECONCILER_THREADS, RECONCILER_THREADS, 0,
                TimeUnit.SECONDS, new TakeTurnsQueue(SlipwayOperator::controllerOf, registry),
                pass -> new Thread(pass, "reconciler-" + count.incrementAndGet()));
        // Started now, or the pool hands each of its first passes to a new thread without queueing
        // it: those passes would be missing from the queue's counts.
        threads.prestartAllCoreThreads();
        return threads;
    }

    /**
     * The controller whose pass this is: JOSDK names a pass "controller -> resource". A pass named
     * otherwise (a JOSDK that changed it) waits in one line with all such passes, first come first
     * served as JOSDK's own pool would, and the change is logged once.
     */
    static String controllerOf(Runnable pass) {
        String name = String.valueOf(pass);
        int arrow = name.indexOf(" -> ");
        if (arrow > 0) {
            return name.substring(0, arrow);
        }
        if (UNNAMED_PASS_TOLD.compareAndSet(false, true)) {
            LOG.warn("A reconciler pass not named \"controller -> resource\" ({}): such passes take no turns",
                    pass.getClass().getName());
        }
        return "";
    }

    private static <P extends HasMetadata> void register(Operator operator, Reconciler<P> reconciler,
            ControllerSettings settings) {
        Consumer<ControllerConfigurationOverrider<P>> namespaces = settings.namespaces().isEmpty()
                ? ControllerConfigurationOverrider::watchingAllNamespaces
                : o -> o.settingNamespaces(settings.namespaces());
        operator.register(reconciler, namespaces);
    }
}
