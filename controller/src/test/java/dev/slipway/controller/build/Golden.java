package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated text with a committed file under {@code src/test/resources/golden/}, exactly.
 * {@code -Dgolden.update=true} rewrites the files instead; review their diff before committing.
 */
final class Golden {

    private static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    static void assertMatches(String file, String actual) {
        Path path = ROOT.resolve(file);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, actual);
            }
            assertThat(path).as("golden file %s (-Dgolden.update=true writes it)", path).exists();
            assertThat(actual).as("generated text against %s", path).isEqualTo(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
