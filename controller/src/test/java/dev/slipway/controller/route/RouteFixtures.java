package dev.slipway.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.InsecurePolicy;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.api.v1alpha1.RouteBackend;
import dev.slipway.api.v1alpha1.RouteSpec;
import dev.slipway.api.v1alpha1.TlsConfig;
import dev.slipway.api.v1alpha1.TlsTermination;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Routes as a user writes them, for unit and cluster tests. */
final class RouteFixtures {

    private RouteFixtures() {
    }

    static Route route(String namespace, String name, String host, String path, RouteBackend to,
            RouteBackend... alternates) {
        RouteSpec spec = new RouteSpec();
        spec.setHost(host);
        spec.setPath(path);
        spec.setTo(to);
        spec.setAlternateBackends(alternates.length == 0 ? null : Arrays.asList(alternates));
        Route route = new Route();
        route.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        route.setSpec(spec);
        return route;
    }

    static RouteBackend backend(String service, Integer port, Integer weight) {
        RouteBackend b = new RouteBackend();
        b.setService(service);
        b.setPort(port);
        b.setWeight(weight);
        return b;
    }

    static TlsConfig tls(TlsTermination termination, String secretName, InsecurePolicy insecure) {
        TlsConfig tls = new TlsConfig();
        tls.setTermination(termination);
        tls.setSecretName(secretName);
        tls.setInsecure(insecure);
        return tls;
    }

    static Route withTls(Route route, TlsConfig tls) {
        route.getSpec().setTls(tls);
        return route;
    }

    /** A route as the cluster holds it: with a creation time and uid. */
    static Route created(Route route, String creationTimestamp) {
        route.getMetadata().setCreationTimestamp(creationTimestamp);
        route.getMetadata().setUid(route.getMetadata().getNamespace() + "-" + route.getMetadata().getName());
        return route;
    }

    /**
     * The YAML a user would read of the first object, after checking nothing was left out and that
     * it carries the labels and controller reference of every object made for {@code route} (left
     * out of the YAML, so that the tests show what differs).
     */
    static String yamlOfFirst(Desired<? extends HasMetadata> desired, Route route) {
        assertThat(desired.problems()).isEmpty();
        HasMetadata object = Serialization.clone(desired.objects().get(0));
        assertThat(object.getMetadata().getLabels()).isEqualTo(Map.of(RouteObjects.ROUTE_LABEL,
                route.getMetadata().getName(), RouteObjects.MANAGED_BY_LABEL, RouteObjects.MANAGED_BY));
        assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Route");
            assertThat(o.getApiVersion()).isEqualTo("slipway.dev/v1alpha1");
            assertThat(o.getName()).isEqualTo(route.getMetadata().getName());
            assertThat(o.getUid()).isEqualTo(route.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
            assertThat(o.getBlockOwnerDeletion()).isTrue();
        });
        object.getMetadata().setLabels(null);
        object.getMetadata().setOwnerReferences(null);
        return Serialization.asYaml(object).strip();
    }

    static List<String> reasons(Desired<?> desired) {
        return desired.problems().stream().map(Problem::reason).toList();
    }
}
