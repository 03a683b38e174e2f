package dev.slipway.controller.model;

import dev.slipway.api.v1alpha1.ComputeResources;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.EnvVarSource;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.ResourceAmounts;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Pieces shared by the pods of a Deployment, of hook Jobs and of build Jobs: env, resources, metadata. */
public final class PodTemplates {

    private PodTemplates() {
    }

    static List<io.fabric8.kubernetes.api.model.EnvVar> env(List<EnvVar> env) {
        if (env == null) {
            return List.of();
        }
        return env.stream().map(PodTemplates::envVar).toList();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar envVar(EnvVar var) {
        EnvVarBuilder builder = new EnvVarBuilder().withName(var.getName()).withValue(var.getValue());
        EnvVarSource from = var.getValueFrom();
        if (from != null && from.getSecretKeyRef() != null) {
            builder.withNewValueFrom().withNewSecretKeyRef(from.getSecretKeyRef().getKey(),
                    from.getSecretKeyRef().getName(), from.getSecretKeyRef().getOptional()).endValueFrom();
        } else if (from != null && from.getConfigMapKeyRef() != null) {
            builder.withNewValueFrom().withNewConfigMapKeyRef(from.getConfigMapKeyRef().getKey(),
                    from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getOptional()).endValueFrom();
        }
        return builder.build();
    }

    static ResourceRequirements resources(ComputeResources resources) {
        if (resources == null) {
            return new ResourceRequirements();
        }
        return new ResourceRequirementsBuilder().withRequests(amounts(resources.getRequests()))
                .withLimits(amounts(resources.getLimits())).build();
    }

    private static Map<String, Quantity> amounts(ResourceAmounts amounts) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        if (amounts != null && amounts.getCpu() != null) {
            map.put("cpu", amounts.getCpu());
        }
        if (amounts != null && amounts.getMemory() != null) {
            map.put("memory", amounts.getMemory());
        }
        return map.isEmpty() ? null : map;
    }

    /** The user's labels under Slipway's own, which win. */
    public static Map<String, String> labels(Map<String, String> slipway, PodMetadata... users) {
        return merged(slipway, PodMetadata::getLabels, users);
    }

    /** The user's annotations under Slipway's own, which win. */
    public static Map<String, String> annotations(Map<String, String> slipway, PodMetadata... users) {
        return merged(slipway, PodMetadata::getAnnotations, users);
    }

    private static Map<String, String> merged(Map<String, String> slipway, Function<PodMetadata, Map<String, String>> part,
            PodMetadata... users) {
        Map<String, String> merged = new TreeMap<>();
        for (PodMetadata user : users) {
            if (user != null && part.apply(user) != null) {
                merged.putAll(part.apply(user));
            }
        }
        merged.putAll(slipway);
        return merged;
    }
}
