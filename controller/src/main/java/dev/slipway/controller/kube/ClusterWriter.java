package dev.slipway.controller.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the controller writes the objects it owns (status and Events aside, which have their
 * own single paths): server-side apply with one field manager, skipped when the cached object
 * already carries the hash of the same desired state, so an idle App costs no write at all;
 * create-once for objects that are made and never changed (hook Jobs, Builds, Releases), where a
 * 409 means an earlier pass made it; the owned objects no longer wanted, or beyond a history limit,
 * deleted; a Deployment scaled through its scale subresource. A refusal by the API server is thrown
 * as it came, for the reconcilers' error-status hook to tell on the owning resource.
 */
public final class ClusterWriter {

    /** The one field manager of every server-side apply the controller makes. */
    public static final String FIELD_MANAGER = "slipway-controller";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWriter.class);

    /** What a reconcile of one object did. */
    public enum Outcome {
        CREATED, PATCHED, UNCHANGED
    }

    private final KubernetesClient client;

    public ClusterWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Applies {@code desired} unless {@code observed} (from a cache, may be null) was applied from the
     * same desired state and still holds every field of it: a hand edit of a field Slipway sets is
     * put back when the informer reports it, while fields the API server or other controllers add
     * (defaults, status, their own annotations) are no reason to write.
     */
    public <T extends HasMetadata> Outcome reconcile(T desired, T observed) {
        String hash = hash(desired);
        if (observed != null && hash.equals(annotation(observed, Labels.APPLIED_HASH))
                && holds(Serialization.jsonMapper().valueToTree(observed), Serialization.jsonMapper().valueToTree(desired))) {
            return Outcome.UNCHANGED;
        }
        apply(desired, hash);
        return observed == null ? Outcome.CREATED : Outcome.PATCHED;
    }

    /**
     * Reconciles each desired object against the observed one of its kind and name, and deletes the
     * observed ones that are no longer desired: the whole set a parent owns, in one call.
     */
    public <T extends HasMetadata> void reconcileAll(Collection<? extends T> desired, Collection<? extends T> observed) {
        Map<String, T> byKey = observed.stream().collect(Collectors.toMap(ClusterWriter::key, o -> o, (a, b) -> a));
        for (T object : desired) {
            reconcile(object, byKey.get(key(object)));
        }
        Set<String> wanted = desired.stream().map(ClusterWriter::key).collect(Collectors.toSet());
        observed.stream().filter(o -> !wanted.contains(key(o))).forEach(this::delete);
    }

    /** Applies {@code desired}, taking over any field another manager holds. */
    public <T extends HasMetadata> void apply(T desired) {
        apply(desired, hash(desired));
    }

    private <T extends HasMetadata> void apply(T desired, String hash) {
        Map<String, String> annotations = new HashMap<>(
                desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations());
        annotations.put(Labels.APPLIED_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /**
     * Creates {@code desired} unless an object of its name exists: the created object, or empty when
     * an earlier pass (or another writer) made it first. Its content is never changed afterwards.
     */
    public <T extends HasMetadata> Optional<T> createOnce(T desired) {
        try {
            return Optional.of(client.resource(desired).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.debug("{} {}/{} exists already", desired.getKind(), desired.getMetadata().getNamespace(),
                    desired.getMetadata().getName());
            return Optional.empty();
        }
    }

    /**
     * Changes fields of an object another writer made (a Release the API server created), under
     * optimistic locking: a change made meanwhile fails the write with 409 and the next pass reads again.
     */
    public <T extends HasMetadata> T edit(T object, UnaryOperator<T> change) {
        return client.resource(object).edit(change);
    }

    /** Sets a Deployment's replicas through its scale subresource, leaving its template as it is. */
    public void scale(String namespace, String deployment, int replicas) {
        client.apps().deployments().inNamespace(namespace).withName(deployment).scale(replicas);
    }

    /** Deletes {@code object}; what it owns goes with it, in the background. */
    public void delete(HasMetadata object) {
        LOG.info("Deleting {} {}/{}", object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
        client.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    /** Deletes the oldest of {@code oldestFirst} beyond the newest {@code keep}. */
    public void pruneOldest(List<? extends HasMetadata> oldestFirst, int keep) {
        oldestFirst.subList(0, Math.max(0, oldestFirst.size() - keep)).forEach(this::delete);
    }

    /** The hash of a desired state, as the annotation of an applied object carries it. */
    static String hash(HasMetadata desired) {
        return ShortHash.of(Serialization.asJson(desired));
    }

    /**
     * Whether {@code observed} has every field of {@code desired} with the same value: objects by
     * their desired fields, lists element by element, numbers by value (the server may send 80 where
     * the client wrote 80L).
     */
    static boolean holds(JsonNode observed, JsonNode desired) {
        if (desired == null || desired.isNull()) {
            return true;
        }
        if (observed == null) {
            return false;
        }
        if (desired.isObject()) {
            if (!observed.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : desired.properties()) {
                if (!holds(observed.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!observed.isArray() || observed.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!holds(observed.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isNumber() && observed.isNumber()) {
            return desired.decimalValue().compareTo(observed.decimalValue()) == 0;
        }
        return desired.equals(observed);
    }

    private static String key(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }

    private static String annotation(HasMetadata object, String key) {
        return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(key);
    }
}
