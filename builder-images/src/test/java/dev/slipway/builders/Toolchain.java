package dev.slipway.builders;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What a test needs installed on this machine, found on PATH as {@code which} would. */
final class Toolchain {

    private Toolchain() {
    }

    /** The commands of {@code commands} that are not on PATH. */
    static List<String> missing(List<String> commands) {
        List<Path> path = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(Path::of)
                .toList();
        return commands.stream()
                .filter(command -> path.stream().noneMatch(dir -> Files.isExecutable(dir.resolve(command))))
                .toList();
    }

    /** The assertion message for missing commands: what is missing and how CI installs it. */
    static String installHint(String who, List<String> missing) {
        return who + " needs " + String.join(", ", missing) + " on PATH, which this machine lacks: install the"
                + " Debian packages listed in builder-images/apt-packages.txt (.ci/run does)";
    }
}
