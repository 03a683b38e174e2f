package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands are what CI runs: {@code .ci/run} calls the README's test command and
 * does no set-up of its own, so a newcomer who runs the README's command gets what CI got.
 */
class TwoCommandsTest {

    private static final Pattern TEST_COMMAND = Pattern.compile("(?m)^(\\S+)\\s+# run every test");

    @Test
    void ciRunsTheReadmesTestCommandAndNothingElseOfSubstance() throws IOException {
        Path root = RepositoryLayout.root();
        Matcher readme = TEST_COMMAND.matcher(Files.readString(root.resolve("README.md")));
        assertThat(readme.find()).as("README.md names its test command with '# run every test'").isTrue();
        String command = readme.group(1);

        List<String> ci = Files.readAllLines(root.resolve(".ci/run")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ci).contains(command);
        assertThat(ci).as(".ci/run installs nothing itself").noneMatch(line -> line.contains("apt-get")
                || line.contains("build-cluster-binaries") || line.contains("mvnw"));
    }

    @Test
    void theTestCommandInstallsWhatIsMissingBuildsTheClusterAndRunsEveryTest() throws IOException {
        String script = Files.readString(RepositoryLayout.root().resolve("hack/test.sh"));
        assertThat(script).contains("hack/prerequisites.sh", "hack/cluster-programs.sh", "mvnw\" -B -f",
                "verify");
    }
}
