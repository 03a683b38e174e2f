package dev.slipway.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * BuildKit's programs as the build pod's {@code moby/buildkit} image has them ({@code buildkitd},
 * {@code buildctl}, {@code buildctl-daemonless.sh}, {@code rootlesskit}) and a static BusyBox, built from their Go
 * module and Debian package by {@code hack/build-cluster-binaries.sh buildkit} into a folder of
 * their own (about a minute and a half, once per machine).
 */
public final class BuildKitBinaries {

    /** The programs the folder must hold. */
    public static final List<String> PROGRAMS = List.of("buildkitd", "buildctl", "buildctl-daemonless.sh", "rootlesskit", "busybox");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private BuildKitBinaries() {
    }

    /**
     * Builds the programs when they are missing and returns their folder.
     *
     * @throws IllegalStateException naming the script and quoting its log when the build fails or a program is missing
     */
    public static Path folder() {
        Path script = RepositoryLayout.buildClusterBinariesScript();
        Path log = RepositoryLayout.buildDir().resolve("buildkit-build.log");
        Path folder = Path.of(Scripts.run(script, List.of("buildkit"), log, BUILD_TIMEOUT).strip());
        for (String program : PROGRAMS) {
            if (!Files.isExecutable(folder.resolve(program))) {
                throw new IllegalStateException(script + " buildkit printed " + folder + ", which holds no " + program);
            }
        }
        return folder;
    }
}
