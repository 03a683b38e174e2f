package dev.slipway.controller.kube;

import dev.slipway.controller.SlipwayOperator;
import dev.slipway.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way the controller writes objects it owns: server-side apply with one field manager,
 * skipped when the object in the cache already carries the hash of the same desired state, so an
 * idle App costs no write at all.
 */
public final class Applier {

    /** What an apply did. */
    public enum Outcome {
        CREATED, PATCHED, UNCHANGED
    }

    private final KubernetesClient client;

    public Applier(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Applies {@code desired} unless {@code observed} (from a cache, may be null) was applied from the
     * same. Only for objects nothing else changes: a field changed by other means (a scale, a hand
     * edit) under an unchanged hash would not be put back.
     */
    public <T extends HasMetadata> Outcome applyIfChanged(T desired, T observed) {
        if (observed != null && observed.getMetadata().getAnnotations() != null
                && hash(desired).equals(observed.getMetadata().getAnnotations().get(Labels.APPLIED_HASH))) {
            return Outcome.UNCHANGED;
        }
        apply(desired);
        return observed == null ? Outcome.CREATED : Outcome.PATCHED;
    }

    /** Applies {@code desired}, taking over any field another manager holds. */
    public <T extends HasMetadata> void apply(T desired) {
        String hash = hash(desired);
        Map<String, String> annotations = new HashMap<>(
                desired.getMetadata().getAnnotations() == null ? Map.of() : desired.getMetadata().getAnnotations());
        annotations.put(Labels.APPLIED_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        client.resource(desired).fieldManager(SlipwayOperator.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    static String hash(HasMetadata desired) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
