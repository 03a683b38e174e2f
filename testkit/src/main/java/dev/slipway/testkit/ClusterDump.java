package dev.slipway.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes what a namespace holds (objects with their status, and its events in time order) to a
 * folder, so a red CI run explains itself. Secrets are listed by name only.
 */
final class ClusterDump {

    /** apiVersion and kind of the built-in objects worth reading after a failure. */
    private static final List<String[]> BUILT_IN = List.of(
            new String[] {"v1", "Pod"}, new String[] {"v1", "Service"}, new String[] {"v1", "ConfigMap"},
            new String[] {"v1", "ServiceAccount"}, new String[] {"apps/v1", "Deployment"},
            new String[] {"apps/v1", "ReplicaSet"}, new String[] {"batch/v1", "Job"},
            new String[] {"discovery.k8s.io/v1", "EndpointSlice"}, new String[] {"networking.k8s.io/v1", "Ingress"},
            new String[] {"coordination.k8s.io/v1", "Lease"});

    private ClusterDump() {
    }

    static void write(KubernetesClient client, String namespace, Path dir) {
        try {
            Files.createDirectories(dir);
            List<String[]> kinds = new ArrayList<>(BUILT_IN);
            for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
                if ("Namespaced".equals(crd.getSpec().getScope())) {
                    String version = crd.getSpec().getVersions().get(0).getName();
                    kinds.add(new String[] {crd.getSpec().getGroup() + "/" + version, crd.getSpec().getNames().getKind()});
                }
            }
            for (String[] kind : kinds) {
                dumpKind(client, namespace, dir, kind[0], kind[1]);
            }
            dumpEvents(client, namespace, dir);
            List<String> secrets = client.secrets().inNamespace(namespace).list().getItems().stream()
                    .map(s -> s.getMetadata().getName() + " (" + s.getType() + ")").toList();
            Files.write(dir.resolve("secret-names.txt"), secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dumpKind(KubernetesClient client, String namespace, Path dir, String apiVersion, String kind)
            throws IOException {
        List<GenericKubernetesResource> items;
        try {
            items = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            Files.writeString(dir.resolve(kind + ".error.txt"), e.getMessage());
            return;
        }
        if (!items.isEmpty()) {
            StringBuilder yaml = new StringBuilder();
            for (GenericKubernetesResource item : items) {
                item.getMetadata().setManagedFields(null);
                yaml.append(Serialization.asYaml(item));
            }
            Files.writeString(dir.resolve(kind + ".yaml"), yaml);
        }
    }

    private static void dumpEvents(KubernetesClient client, String namespace, Path dir) throws IOException {
        List<String> lines = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp() != null
                        ? e.getLastTimestamp() : e.getEventTime() != null ? e.getEventTime().getTime() : "")))
                .map(e -> String.join("\t", String.valueOf(e.getLastTimestamp()), e.getType(),
                        e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(), e.getReason(),
                        e.getMessage()))
                .toList();
        Files.write(dir.resolve("events.tsv"), lines);
    }
}
