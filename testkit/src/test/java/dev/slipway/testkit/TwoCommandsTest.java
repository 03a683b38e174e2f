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
 * The README's two commands are what CI runs: {@code .ci/run} runs the README's test command and
 * does no set-up of its own, and the test command's set-up is part of the Maven build, so a
 * newcomer who runs the README's command gets what CI got.
 */
class TwoCommandsTest {

    private static final Pattern TEST_COMMAND = Pattern.compile("(?m)^(.+?)\\s+# run every test");

    @Test
    void ciRunsTheReadmesTestCommandAndNothingElseOfSubstance() throws IOException {
        Path root = RepositoryLayout.root();
        Matcher readme = TEST_COMMAND.matcher(Files.readString(root.resolve("README.md")));
        assertThat(readme.find()).as("README.md names its test command with '# run every test'").isTrue();
        String command = readme.group(1);

        // CI adds only Maven's batch mode to the README's command.
        List<String> ci = Files.readAllLines(root.resolve(".ci/run")).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.replace(" -B", ""))
                .toList();
        assertThat(ci).contains(command);
        assertThat(ci).as(".ci/run installs nothing itself").noneMatch(line -> line.contains("apt-get")
                || line.contains("build-cluster-binaries") || line.contains("prerequisites"));
    }

    @Test
    void theBuildRunsTheSetUpFirstAndTheSetUpInstallsWhatIsMissingAndBuildsTheCluster() throws IOException {
        Path root = RepositoryLayout.root();
        assertThat(Files.readString(root.resolve("pom.xml"))).contains("<phase>validate</phase>",
                "<executable>${project.basedir}/hack/test-setup.sh</executable>");
        assertThat(Files.readString(root.resolve("hack/test-setup.sh")))
                .contains("hack/prerequisites.sh", "hack/cluster-programs.sh");
    }
}
