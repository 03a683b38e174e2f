package dev.slipway.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real git repositories in test folders, for the build pod's clone step: reached by file:// URLs,
 * or by pods through a {@link GitHttpServer}.
 */
public final class LocalGit {

    private LocalGit() {
    }

    /**
     * A new repository whose default branch is {@code main}. It serves any commit by id, as GitHub
     * and GitLab do (a build of an exact commit fetches just that commit): git itself refuses a
     * commit that no branch or tag points at unless told otherwise.
     */
    public static Path init(Path repo) {
        git(repo.getParent(), "init", "-q", "-b", "main", repo.toString());
        git(repo, "config", "uploadpack.allowAnySHA1InWant", "true");
        git(repo, "config", "user.name", "Slipway Tests");
        git(repo, "config", "user.email", "tests@slipway.dev");
        git(repo, "config", "commit.gpgsign", "false");
        return repo;
    }

    /** Writes the files (path to content), commits everything and returns the commit's id. */
    public static String commit(Path repo, String message, Map<String, String> files) {
        try {
            for (var file : files.entrySet()) {
                Path path = repo.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "--allow-empty", "-m", message);
        return git(repo, "rev-parse", "HEAD");
    }

    public static String url(Path repo) {
        return "file://" + repo.toAbsolutePath();
    }

    /** Runs git in {@code dir} and returns its trimmed output; throws with that output when git fails. */
    public static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return run(dir, command.toArray(String[]::new));
    }

    /** Runs a program in {@code dir} and returns its trimmed output; throws with that output when it fails. */
    public static String run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(List.of(command) + " did not end in 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(List.of(command) + " exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
