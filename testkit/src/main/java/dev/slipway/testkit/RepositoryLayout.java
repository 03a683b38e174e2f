package dev.slipway.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the kit finds the repository's scripts and manifests, from a module's test JVM. */
public final class RepositoryLayout {

    private RepositoryLayout() {
    }

    /**
     * The repository root: the {@code slipway.repo.root} system property (set by the build), else
     * the nearest folder above the working directory that holds {@code hack/local-cluster.sh}.
     */
    public static Path root() {
        String configured = System.getProperty("slipway.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("hack/local-cluster.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Slipway repository (no hack/local-cluster.sh above "
                + Path.of("").toAbsolutePath() + "); set -Dslipway.repo.root");
    }

    /** The committed CRDs that users install. */
    public static Path crds() {
        return root().resolve("manifests/crds");
    }

    static Path localClusterScript() {
        return root().resolve("hack/local-cluster.sh");
    }

    static Path buildClusterBinariesScript() {
        return root().resolve("hack/build-cluster-binaries.sh");
    }

    /** The calling module's build folder, where clusters keep their state and dumps go. */
    static Path buildDir() {
        return Path.of("target").toAbsolutePath();
    }
}
