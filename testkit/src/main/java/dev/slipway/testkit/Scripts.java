package dev.slipway.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the repository's hack scripts from a test JVM: standard error to a log file, standard output returned. */
final class Scripts {

    private Scripts() {
    }

    /** A script that ended with a non-zero exit code or ran too long; {@link #getMessage()} ends with its log's last lines. */
    static final class Failed extends IllegalStateException {
        Failed(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code bash script args...} and returns what it printed on standard output.
     *
     * @throws Failed when it exits non-zero or runs longer than {@code timeout}
     */
    static String run(Path script, List<String> args, Path log, Duration timeout) {
        return run(script, args, Map.of(), log, timeout);
    }

    /**
     * Runs {@code bash script args...} with {@code env} added to this JVM's environment and returns
     * what it printed on standard output.
     *
     * @throws Failed when it exits non-zero or runs longer than {@code timeout}
     */
    static String run(Path script, List<String> args, Map<String, String> env, Path log, Duration timeout) {
        String shown = "`" + script + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "`";
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            List<String> command = new ArrayList<>();
            command.add("bash");
            command.add(script.toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            // Read on another thread, so a hung script still meets the timeout below.
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try (var stdout = process.getInputStream()) {
                    return new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new Failed(shown + " ran longer than " + timeout + "\n" + tail(log, 30));
            }
            if (process.exitValue() != 0) {
                // A report on standard output (the self-test's) says more than the log's end.
                String stdout = out.join().strip();
                throw new Failed(shown + " failed with exit code " + process.exitValue() + "\n" + tail(log, 30)
                        + (stdout.isEmpty() ? "" : "\nstandard output:\n" + stdout));
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last {@code count} lines of a log file, or a note that it cannot be read. */
    static String tail(Path log, int count) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
