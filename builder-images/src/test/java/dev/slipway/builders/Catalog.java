package dev.slipway.builders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the tests find the builder catalog: this module's folder, the working directory of its tests. */
final class Catalog {

    /** Every builder, in the order the top-level detect script asks them. */
    static final List<String> BUILDERS = List.of("java", "go", "ruby", "python", "node", "static");

    /** The files a build copies before the rest of the source, for the builders' dependencies scripts. */
    static final List<String> DEPENDENCY_MANIFESTS = List.of("pom.xml", "package.json", "package-lock.json",
            "npm-shrinkwrap.json", "go.mod", "go.sum", "requirements.txt");

    /** The scripts every builder has in s2i/bin. */
    static final List<String> S2I_SCRIPTS = List.of("detect", "assemble", "run", "usage");

    private Catalog() {
    }

    static Path root() {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("detect"))) {
            throw new IllegalStateException("run the tests from the builder-images folder, not " + root);
        }
        return root;
    }

    static Path builder(String name) {
        return root().resolve(name);
    }

    static Path script(String builder, String name) {
        return builder(builder).resolve("s2i/bin").resolve(name);
    }

    static Path topLevelDetect() {
        return root().resolve("detect");
    }

    static Path sampleApp(String builder) {
        return builder(builder).resolve("test/app");
    }

    /** Copies a builder's sample app to {@code target}, as a Build checks out a source tree. */
    static Path copySample(String builder, Path target) throws IOException {
        Path sample = sampleApp(builder);
        try (Stream<Path> files = Files.walk(sample)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(sample.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }

    /**
     * Makes a tree of placeholder files under {@code root}: a path ending in / is a folder, a
     * .json file holds {}, a file in a bin/ folder is executable, any other file is empty.
     */
    static void createTree(Path root, List<String> paths) throws IOException {
        for (String relative : paths) {
            Path path = root.resolve(relative);
            if (relative.endsWith("/")) {
                Files.createDirectories(path);
                continue;
            }
            Files.createDirectories(path.getParent());
            Files.writeString(path, relative.endsWith(".json") ? "{}\n" : "");
            if (path.getParent().endsWith("bin") && !path.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + path + " executable");
            }
        }
    }

    /** A folder under this module's target/ for what a test leaves behind to explain a failure. */
    static Path logDir(String name) {
        return root().resolve("target/builder-logs").resolve(name);
    }
}
