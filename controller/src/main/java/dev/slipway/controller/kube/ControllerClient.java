package dev.slipway.controller.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.kube.TokenRefresh;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Kubernetes client the controller runs on: its requests counted by {@link RequestMetrics}, and
 * every object it reads without {@code metadata.managedFields}.
 *
 * <p>The controller never reads managedFields (it writes with server-side apply, whose bookkeeping of
 * field owners is the API server's), and they are a large share of a cached object: a Deployment's or
 * a pod's entries name every field each of its writers set, as nested maps. controller-runtime drops
 * them from its informers ({@code cache.TransformStripManagedFields}); here they are not even parsed.
 * They are dropped where the JSON is read and not in an informer's item store because the Java
 * Operator SDK gives one store to all the informers of a source, one per watched namespace, and each
 * of those, on its first list, removes from the shared store what it did not list: another
 * namespace's objects. A write that sends a read object back (an edit, an update) leaves the server's
 * managedFields as they are: an absent list does not change them.
 *
 * <p>With a client certificate and no token, fabric8's token refresh is left out ({@link TokenRefresh}).
 */
public final class ControllerClient {

    /**
     * The first wait before an informer's watch is opened again, doubling on each failure up to 32
     * times it. fabric8's informers end each watch after a random 5 to 10 minutes and open the next
     * one; in a profile of the release benchmark a release made in that gap was taken in after
     * 971 ms with the reconciler threads idle and fabric8's scheduler waiting out 1.00 s, the
     * default of this interval (client-go's reflector opens the next watch at once). Inferred from
     * that profile, not isolated by a test: the benchmark's slow-release log is the check. 100 ms
     * also retries an unreachable kube-apiserver at most every 3.2 s.
     */
    static final int WATCH_RECONNECT_MS = 100;

    private ControllerClient() {
    }

    /**
     * A client of {@code config}; its requests are counted in {@code registry}. Sets the watch
     * reconnect interval of {@code config} to {@link #WATCH_RECONNECT_MS}.
     */
    public static KubernetesClient create(Config config, MeterRegistry registry) {
        config.setWatchReconnectInterval(WATCH_RECONNECT_MS);
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(serialization())
                .withHttpClientBuilderConsumer(b -> {
                    b.addOrReplaceInterceptor("metrics", new RequestMetrics(registry));
                    TokenRefresh.leaveOutForCertificates(b, config);
                })
                .build();
    }

    /** Fabric8's serialization, reading and writing object metadata without managedFields. */
    static KubernetesSerialization serialization() {
        ObjectMapper mapper = new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class);
        return new KubernetesSerialization(mapper, true);
    }

    @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
    private abstract static class WithoutManagedFields {
    }
}
