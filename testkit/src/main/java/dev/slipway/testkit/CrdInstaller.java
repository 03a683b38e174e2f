package dev.slipway.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs CRDs: the committed ones of {@code manifests/crds/}, the same files users install, or
 * others a test upgrades from. Always as the same field manager, so installing one set over
 * another leaves nothing of the other behind.
 */
public final class CrdInstaller {

    private static final String FIELD_MANAGER = "slipway-testkit";

    private CrdInstaller() {
    }

    /** Applies every CRD file of {@code crdDir} and waits until each is established. */
    public static void install(KubernetesClient client, Path crdDir) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(crdDir)) {
            files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the CRDs in " + crdDir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No CRDs in " + crdDir);
        }
        for (Path file : files) {
            CustomResourceDefinition crd;
            try (InputStream in = Files.newInputStream(file)) {
                crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(CrdInstaller::established, 60, TimeUnit.SECONDS);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
