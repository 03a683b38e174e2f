package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs users install are committed under {@code manifests/crds/}; they must be exactly what the
 * types generate. With {@code -Dslipway.crds.update=true} the test writes them instead.
 */
class CrdsUpToDateTest {

    private static final Path COMMITTED = Path.of(System.getProperty("slipway.repo.root", ".."), "manifests", "crds");

    @Test
    void committedCrdsAreWhatTheTypesGenerate() throws IOException {
        Map<String, String> generated = CrdManifests.generate();
        if (Boolean.getBoolean("slipway.crds.update")) {
            Files.createDirectories(COMMITTED);
            for (Map.Entry<String, String> file : generated.entrySet()) {
                Files.writeString(COMMITTED.resolve(file.getKey()), file.getValue());
            }
        }
        try (Stream<Path> listing = Files.list(COMMITTED)) {
            assertThat(listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")))
                    .as("CRD files in %s", COMMITTED)
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
        }
        for (Map.Entry<String, String> file : generated.entrySet()) {
            assertThat(Files.readString(COMMITTED.resolve(file.getKey())))
                    .as("%s is out of date; regenerate it with the command in its header", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }
}
