package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Release;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labels of the watched namespaces, where the approval policy of a namespace is set: read when
 * a release is made or taken in. A live GET there puts a round trip to the API server on the way from
 * a release request to its Deployment, the path whose speed users feel; this cache answers from a
 * watch.
 *
 * <p>Watching every namespace needs {@code list} and {@code watch} on namespaces; for some namespaces
 * only (SLIPWAY_NAMESPACES) it watches each by name, which a ClusterRole granting those verbs with
 * {@code resourceNames} allows (a RoleBinding does not: such a list is a cluster-scoped request).
 * Without the grant, or until the watch has started, or for a namespace the watch has not seen yet,
 * the namespace is read live, as before: the answer is the same, only slower.
 *
 * <p>An event source of the release controller for its lifecycle (started and stopped with it); it
 * sends no events, since a namespace's label counts only when a release is made or taken in.
 */
public final class NamespaceLabels extends AbstractEventSource<Namespace, Release> {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLabels.class);

    private final KubernetesClient client;
    private final Set<String> watched;
    private volatile List<SharedIndexInformer<Namespace>> informers = List.of();

    /** @param watched the namespaces to watch by name; empty watches all */
    public NamespaceLabels(KubernetesClient client, Set<String> watched) {
        super(Namespace.class, "namespace-labels");
        this.client = client;
        this.watched = watched;
    }

    /** The labels of {@code namespace}, null when it has none or does not exist. */
    Map<String, String> of(String namespace) {
        for (SharedIndexInformer<Namespace> informer : informers) {
            Namespace cached = informer.getStore().getByKey(namespace);
            if (cached != null) {
                return cached.getMetadata().getLabels();
            }
        }
        Namespace live = client.namespaces().withName(namespace).get();
        return live == null ? null : live.getMetadata().getLabels();
    }

    @Override
    public void start() {
        List<SharedIndexInformer<Namespace>> started = new ArrayList<>();
        try {
            if (watched.isEmpty()) {
                started.add(client.namespaces().inform());
            } else {
                for (String namespace : watched) {
                    started.add(client.namespaces().withField("metadata.name", namespace).inform());
                }
            }
            informers = List.copyOf(started);
        } catch (KubernetesClientException e) {
            started.forEach(SharedIndexInformer::close);
            LOG.warn("Cannot watch namespaces ({}): each release made or taken in reads its namespace's approval"
                    + " label live; grant list and watch on namespaces (by resourceNames for some) to spare that"
                    + " request", e.getMessage());
        }
        super.start();
    }

    @Override
    public void stop() {
        List<SharedIndexInformer<Namespace>> running = informers;
        informers = List.of();
        running.forEach(SharedIndexInformer::close);
        super.stop();
    }

    @Override
    public Set<Namespace> getSecondaryResources(Release release) {
        return Set.of();
    }
}
