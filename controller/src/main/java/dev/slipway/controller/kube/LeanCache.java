package dev.slipway.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;

/**
 * What every informer of the controller keeps: each object without {@code metadata.managedFields}.
 * The controller never reads them (it writes with server-side apply, whose bookkeeping of field
 * owners is the API server's), and they are a large share of a cached object: a Deployment's or a
 * pod's entries name every field that each of its writers set, as nested maps. controller-runtime
 * drops them the same way ({@code cache.TransformStripManagedFields}). A write that sends a cached
 * object back (an edit, an update) leaves the server's managedFields as they are: an absent list
 * does not change them.
 */
public final class LeanCache<T extends HasMetadata> extends BasicItemStore<T> {

    public LeanCache() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T object) {
        object.getMetadata().setManagedFields(null);
        return super.put(key, object);
    }

    /** {@link InformerEventSourceConfiguration#from(Class, Class)}, keeping its objects in a lean cache. */
    public static <R extends HasMetadata, P extends HasMetadata> InformerEventSourceConfiguration.Builder<R> informer(
            Class<R> kind, Class<P> primary) {
        return InformerEventSourceConfiguration.from(kind, primary).withItemStore(new LeanCache<>());
    }
}
