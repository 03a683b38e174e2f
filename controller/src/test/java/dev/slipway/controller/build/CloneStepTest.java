package dev.slipway.controller.build;

import static dev.slipway.controller.build.BuildFixtures.REGISTRY;
import static dev.slipway.controller.build.BuildFixtures.build;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.SecretReference;
import dev.slipway.testkit.GitHttpServer;
import dev.slipway.testkit.GitSshServer;
import dev.slipway.testkit.LocalGit;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
 * which commit each kind of Build source gets (without its history) and what a failed clone reports.
 */
class CloneStepTest {

    private static final String TOKEN = "glpat-s3cret-t0ken";

    @TempDir
    Path dir;
    private Path origin;
    /** The workspace of the last clone. */
    private Path workspace;
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
        Path src = workspace.resolve("src");
        assertThat(Files.readString(src.resolve("index.html"))).isEqualTo(scenario.expected());
        assertThat(src.resolve(".git")).as("the history stays out of the build context and the image").doesNotExist();
        assertThat(Files.readString(workspace.resolve("source-commit")).strip()).as("SOURCE_COMMIT of the build step")
                .isEqualTo(expected);
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

    @Test
    void aTagPatternClonesTheNewestMatchingTagInVersionOrder() {
        LocalGit.git(origin, "tag", "v1.9", commits.get("feature"));
        LocalGit.git(origin, "tag", "v1.10", commits.get("second"));
        LocalGit.git(origin, "tag", "nightly", commits.get("first"));

        PodStep step = clone(LocalGit.url(origin), "v1.*", null);

        assertThat(step.exitCode()).as(step.output()).isZero();
        assertThat(step.output()).contains("---> The newest tag that matches v1.* is v1.10")
                .contains("---> Commit " + commits.get("second"));
    }

    @Test
    void aTagPatternThatMatchesNoTagFailsSayingSo() {
        PodStep step = clone(LocalGit.url(origin), "release-*", null);

        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).isEqualTo("no tag of " + LocalGit.url(origin) + " matches release-*\n");
    }

    @Test
    void aPrivateRepositoryOverHttpsIsClonedWithTheSecretsTokenWhichNoOutputShows() throws IOException {
        try (GitHttpServer server = GitHttpServer.startPrivate(dir, "127.0.0.1", "deploy", TOKEN)) {
            PodStep cloned = clone(server.url("origin"), "main", null,
                    credentials(Map.of("username", "deploy", "password", TOKEN)));
            PodStep refused = clone(server.url("origin"), "main", null,
                    credentials(Map.of("username", "deploy", "password", "not-the-token")));
            PodStep anonymous = clone(server.url("origin"), "main", null);

            assertThat(cloned.exitCode()).as(cloned.output()).isZero();
            assertThat(cloned.output()).contains("---> Commit " + commits.get("second"));
            assertThat(cloned.output() + cloned.terminationMessage()).doesNotContain(TOKEN);
            assertThat(refused.terminationMessage()).isEqualTo("authentication failed for " + server.url("origin")
                    + ": it refused the credentials of Secret shop-git\n");
            assertThat(refused.output()).doesNotContain("not-the-token");
            assertThat(anonymous.terminationMessage()).startsWith("authentication failed for " + server.url("origin")
                    + ": it asks for credentials; a private repository needs a Secret in spec.source.git.credentialsSecret");
        }
    }

    @Test
    void aPrivateRepositoryOverSshIsClonedWithTheSecretsKeyAndAKnownHostKeyOnly() throws IOException {
        KeyPair deployKey = GitSshServer.newKeyPair();
        try (GitSshServer server = GitSshServer.start(dir, "127.0.0.1", deployKey);
             GitSshServer impostor = GitSshServer.start(dir, "127.0.0.1", deployKey)) {
            PodStep cloned = clone(server.url("origin"), "main", null, credentials(Map.of(
                    "ssh-privatekey", GitSshServer.openSshPrivateKey(deployKey), "known_hosts", server.knownHostsLine())));
            PodStep wrongKey = clone(server.url("origin"), "main", null, credentials(Map.of(
                    "ssh-privatekey", GitSshServer.openSshPrivateKey(GitSshServer.newKeyPair()),
                    "known_hosts", server.knownHostsLine())));
            // The impostor's host key is not the one known_hosts holds for its address and port.
            PodStep unknownHost = clone(impostor.url("origin"), "main", null, credentials(Map.of(
                    "ssh-privatekey", GitSshServer.openSshPrivateKey(deployKey),
                    "known_hosts", impostor.knownHostsLine().split(" ", 2)[0] + " "
                            + server.knownHostsLine().split(" ", 2)[1])));

            assertThat(cloned.exitCode()).as(cloned.output()).isZero();
            assertThat(cloned.output()).contains("---> Commit " + commits.get("second"));
            assertThat(wrongKey.terminationMessage()).isEqualTo("authentication failed for " + server.url("origin")
                    + ": it refused the credentials of Secret shop-git\n");
            assertThat(unknownHost.terminationMessage()).isEqualTo("host key verification failed for "
                    + impostor.url("origin") + ": the server's key is not in known_hosts of Secret shop-git\n");
        }
    }

    /** The files of a mounted credentials Secret. */
    private Path credentials(Map<String, String> files) throws IOException {
        Path secret = Files.createDirectories(dir.resolve("secret-" + System.nanoTime()));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(secret.resolve(file.getKey()), file.getValue());
        }
        return secret;
    }

    private PodStep clone(String url, String ref, String commit) {
        return clone(url, ref, commit, null);
    }

    /** The clone step of a Build of {@code url}; with {@code credentials} the files of Secret shop-git. */
    private PodStep clone(String url, String ref, String commit, Path credentials) {
        Build build = build("static");
        GitSource git = build.getSpec().getSource().getGit();
        git.setUrl(url);
        git.setRef(ref);
        git.setCommit(commit);
        if (credentials != null) {
            SecretReference secret = new SecretReference();
            secret.setName("shop-git");
            git.setCredentialsSecret(secret);
        }
        Container container = BuildJob.desired(build, null, List.of(), REGISTRY, new BuilderDigests())
                .getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(container.getName()).isEqualTo(BuildJob.CLONE);
        Path workspace = dir.resolve("workspace-" + System.nanoTime());
        this.workspace = workspace;
        return PodStep.run(container, workspace, List.of(),
                credentials == null ? Map.of() : Map.of("GIT_CREDENTIALS", credentials.toString()), Duration.ofSeconds(30));
    }
}
