package dev.slipway.controller;

import dev.slipway.controller.kube.ControllerClient;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Slipway's controller running in the test JVM against the test cluster, watching the test's
 * namespace. Closing it stops it as a crash would leave things: whatever it was doing is
 * abandoned, and a new one must pick up from what the cluster holds.
 */
public final class InProcessController implements AutoCloseable {

    private final KubernetesClient client;
    private final Operator operator;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private InProcessController(Config config, ControllerSettings settings, String identity) {
        // The controller's own kind of client, as Main makes it.
        this.client = ControllerClient.create(config, registry);
        this.operator = SlipwayOperator.create(client, settings, registry, identity);
    }

    public static InProcessController start(TestNamespace namespace) {
        return start(namespace, ControllerSettings.forNamespaces(namespace.name()));
    }

    public static InProcessController start(TestNamespace namespace, ControllerSettings settings) {
        return start(namespace, settings, "test-" + System.nanoTime());
    }

    public static InProcessController start(TestNamespace namespace, ControllerSettings settings, String identity) {
        return startWith(namespace.cluster().config(null), settings, identity);
    }

    /** A controller acting as {@code config}'s identity (for example a ServiceAccount token). */
    public static InProcessController startWith(Config config, ControllerSettings settings, String identity) {
        InProcessController controller = new InProcessController(config, settings, identity);
        controller.operator.start();
        return controller;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        operator.stop();
        client.close();
    }
}
