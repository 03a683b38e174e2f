package dev.slipway.apiserver.store;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The informer-backed view of one kind: across all namespaces, or one informer per served
 * namespace. Objects are indexed by namespace and by the App they belong to.
 */
final class KindCache<T extends HasMetadata> implements AutoCloseable {

    private static final String BY_APP = "byApp";

    private final List<SharedIndexInformer<T>> informers = new ArrayList<>();

    KindCache(KubernetesClient client, Class<T> kind, Set<String> namespaces, Function<T, String> appOf,
              ResourceEventHandler<T> handler) {
        this(namespaces, ns -> ns == null ? client.resources(kind).inAnyNamespace().runnableInformer(0)
                : client.resources(kind).inNamespace(ns).runnableInformer(0), appOf, handler);
    }

    /**
     * @param informerFor the informer of one namespace, or of all of them for {@code null}; for kinds
     *                    whose list is narrowed (a field selector), which the plain constructor cannot say
     */
    KindCache(Set<String> namespaces, Function<String, SharedIndexInformer<T>> informerFor, Function<T, String> appOf,
              ResourceEventHandler<T> handler) {
        if (namespaces.isEmpty()) {
            informers.add(informerFor.apply(null));
        } else {
            namespaces.forEach(ns -> informers.add(informerFor.apply(ns)));
        }
        for (SharedIndexInformer<T> informer : informers) {
            informer.addIndexers(Map.of(BY_APP, o -> List.of(appKey(o.getMetadata().getNamespace(), appOf.apply(o)))));
            if (handler != null) {
                informer.addEventHandler(handler);
            }
        }
    }

    private static String appKey(String namespace, String app) {
        return namespace + "/" + app;
    }

    void start() {
        informers.forEach(SharedIndexInformer::start);
    }

    boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    Optional<T> get(String namespace, String name) {
        return informers.stream().map(i -> i.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)))
                .filter(Objects::nonNull).findFirst();
    }

    List<T> inNamespace(String namespace) {
        return collect(i -> i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
    }

    List<T> all() {
        return collect(i -> i.getStore().list());
    }

    List<T> ofApp(String namespace, String app) {
        return collect(i -> i.getIndexer().byIndex(BY_APP, appKey(namespace, app)));
    }

    private List<T> collect(Function<SharedIndexInformer<T>, Collection<T>> lookup) {
        List<T> all = new ArrayList<>();
        informers.forEach(i -> all.addAll(lookup.apply(i)));
        return all;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
