package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the CRDs of {@code manifests/crds/} from the resource types with Fabric8's CRD
 * generator. Two things are added to what the generator writes: printer columns keep the order in
 * which the type declares them (the generator sorts them by JSON path, which would put Age first),
 * and the resource, its spec and its status get the descriptions of their classes'
 * {@link JsonClassDescription}, which the generator leaves out, so {@code kubectl explain} has
 * something to say at every level.
 */
final class CrdManifests {

    static final List<Class<? extends CustomResource<?, ?>>> KINDS = List.of(App.class, Release.class, Build.class,
            Route.class);

    static final String HEADER = "# Generated from the resource types in model/ (dev.slipway.api.v1alpha1); do not edit.\n"
            + "# Regenerate with: hack/update-crds.sh\n";

    private CrdManifests() {
    }

    /** File name (such as {@code apps.slipway.dev.yaml}) to its YAML text, in name order. */
    static Map<String, String> generate() {
        try {
            Path out = Files.createTempDirectory("slipway-crds");
            try {
                @SuppressWarnings("unchecked")
                Class<? extends HasMetadata>[] kinds = KINDS.toArray(new Class[0]);
                new CRDGenerator().customResourceClasses(kinds).forCRDVersions("v1").withMinQuotes(false)
                        .withPostProcessor(new Finishing()).inOutputDir(out.toFile()).generate();
                Map<String, String> files = new TreeMap<>();
                try (Stream<Path> generated = Files.list(out)) {
                    for (Path file : generated.toList()) {
                        String name = file.getFileName().toString().replace("-v1.yml", ".yaml");
                        String body = Files.readString(file).replaceFirst("^#[^\n]*\n", "");
                        files.put(name, HEADER + body);
                    }
                }
                return files;
            } finally {
                try (Stream<Path> walk = Files.walk(out)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declared printer column order, and class descriptions for the resource, its spec and its status. */
    private static final class Finishing implements CRDPostProcessor {
        @Override
        public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
            CustomResourceDefinition definition = (CustomResourceDefinition) crd;
            String kind = definition.getSpec().getNames().getKind();
            Class<? extends CustomResource<?, ?>> type = KINDS.stream().filter(k -> k.getSimpleName().equals(kind))
                    .findFirst().orElseThrow();
            List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
            for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
                version.getAdditionalPrinterColumns().sort(
                        Comparator.comparingInt((CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())));
                JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
                root.setDescription(describe(type));
                for (String part : List.of("spec", "status")) {
                    Class<?> partType = partType(type, part);
                    root.getProperties().get(part).setDescription(describe(partType));
                }
            }
            return definition;
        }

        /** AppSpec for App and "spec": the naming convention of this package. */
        private static Class<?> partType(Class<?> kind, String part) {
            try {
                return Class.forName(kind.getName() + Character.toUpperCase(part.charAt(0)) + part.substring(1));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        private static String describe(Class<?> type) {
            JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
            if (description == null) {
                throw new IllegalStateException(type.getName() + " has no @JsonClassDescription");
            }
            return description.value();
        }
    }
}
