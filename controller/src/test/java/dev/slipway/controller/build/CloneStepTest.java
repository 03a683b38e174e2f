package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.testkit.LocalGit;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The build pod's clone step, run here with sh and the real git as the pod runs it (its command and
 * environment taken from the generated Job), against a real repository in a temporary folder:
 * which commit each kind of Build source gets, shallowly, and what a failed clone reports.
 */
class CloneStepTest {

    @TempDir
    Path dir;
    private Path origin;
    /** Commit ids by name: first (tagged v1), second (the head of main), feature (the head of branch feature). */
    private Map<String, String> commits;

    @BeforeEach
    void origin() {
        origin = LocalGit.init(dir.resolve("origin"));
        String first = LocalGit.commit(origin, "first", Map.of("index.html", "first"));
        LocalGit.git(origin, "tag", "v1");
        LocalGit.git(origin, "checkout", "-q", "-b", "feature");
        String feature = LocalGit.commit(origin, "feature", Map.of("index.html", "feature"));
        LocalGit.git(origin, "checkout", "-q", "main");
        String second = LocalGit.commit(origin, "second", Map.of("index.html", "second"));
        commits = Map.of("first", first, "second", second, "feature", feature);
    }

    record Scenario(String name, String ref, String commit, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("a branch", "feature", null, "feature"),
                new Scenario("a tag", "v1", null, "first"),
                new Scenario("the default branch", null, null, "second"),
                new Scenario("an exact commit, not its branch's head", "main", "first", "first"));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void clonesTheSourcesCommitShallowly(Scenario scenario) throws IOException {
        String commit = scenario.commit() == null ? null : commits.get(scenario.commit());

        PodStep step = clone(LocalGit.url(origin), scenario.ref(), commit);

        String expected = commits.get(scenario.expected());
        assertThat(step.exitCode()).as(step.output()).isZero();
        assertThat(step.output()).contains("---> Commit " + expected + ": " + scenario.expected());
        Path src = dir.resolve("workspace/src");
        assertThat(LocalGit.git(src, "rev-parse", "HEAD")).isEqualTo(expected);
        assertThat(Files.readString(src.resolve("index.html"))).isEqualTo(scenario.expected());
        assertThat(LocalGit.git(src, "rev-list", "--count", "HEAD")).as("a shallow clone: one commit").isEqualTo("1");
        assertThat(step.terminationMessage()).as("what the Build's status.revision is read from")
                .isEqualTo("commit " + expected + "\nauthor Slipway Tests <tests@slipway.dev>\nmessage " + scenario.expected()
                        + "\n");
    }

    @Test
    void aRepositoryThatDoesNotExistFailsWithGitsError() {
        PodStep step = clone(LocalGit.url(dir.resolve("missing")), "main", null);

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).contains("does not appear to be a git repository");
        assertThat(step.output()).contains("---> ERROR: ");
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveFailsWithGitsError() {
        PodStep step = clone(LocalGit.url(origin), "main", "0123456789abcdef0123456789abcdef01234567");

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).contains("0123456789abcdef0123456789abcdef01234567");
    }

    private PodStep clone(String url, String ref, String commit) {
        Build build = build("static");
        GitSource git = build.getSpec().getSource().getGit();
        git.setUrl(url);
        git.setRef(ref);
        git.setCommit(commit);
        Container container = BuildJob.desired(build, null, List.of(), REGISTRY, new BuilderDigests())
                .getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(container.getName()).isEqualTo(BuildJob.CLONE);
        return PodStep.run(container, dir.resolve("workspace"), Duration.ofSeconds(30));
    }
}
