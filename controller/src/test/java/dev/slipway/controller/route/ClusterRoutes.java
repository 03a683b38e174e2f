package dev.slipway.controller.route;

import dev.slipway.api.v1alpha1.ConditionTypes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Consumer;

/** Creating Routes on the test cluster and waiting for the status the controller writes. */
final class ClusterRoutes {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ClusterRoutes() {
    }

    static Route create(KubernetesClient client, Route route) {
        return client.resources(Route.class).inNamespace(route.getMetadata().getNamespace()).resource(route).create();
    }

    /** Waits until the route's status satisfies {@code check}, and returns that status. */
    static RouteStatus awaitStatus(KubernetesClient client, String namespace, String name, Consumer<RouteStatus> check) {
        RouteStatus[] seen = new RouteStatus[1];
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Route route = client.resources(Route.class).inNamespace(namespace).withName(name).get();
            assertThat(route).as("route %s/%s", namespace, name).isNotNull();
            assertThat(route.getStatus()).as("status of route %s", name).isNotNull();
            assertThat(route.getStatus().getObservedGeneration()).isEqualTo(route.getMetadata().getGeneration());
            check.accept(route.getStatus());
            seen[0] = route.getStatus();
        });
        return seen[0];
    }

    static Condition condition(RouteStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.getConditions()));
    }

    /** A check that the status has {@code type} with {@code status} and {@code reason}. */
    static Consumer<RouteStatus> has(String type, boolean status, String reason) {
        return s -> {
            Condition c = condition(s, type);
            assertThat(c.getStatus()).as("%s: %s", type, c.getMessage())
                    .isEqualTo(status ? ConditionStatus.True : ConditionStatus.False);
            assertThat(c.getReason()).as("%s reason: %s", type, c.getMessage()).isEqualTo(reason);
        };
    }

    static Consumer<RouteStatus> admitted(boolean admitted, String reason) {
        return s -> {
            assertThat(s.getAdmitted()).isEqualTo(admitted);
            has(ConditionTypes.ADMITTED, admitted, reason).accept(s);
        };
    }
}
