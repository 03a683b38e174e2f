package dev.slipway.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs kubectl against the test cluster, as a user would: tests that are about what
 * kubectl shows or refuses use it instead of the Java client.
 */
public final class Kubectl {

    /** What one kubectl run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static final long TIMEOUT_SECONDS = 120;

    private final String executable;
    private final Path kubeconfig;
    private final String namespace;

    Kubectl(String executable, Path kubeconfig, String namespace) {
        this.executable = executable;
        this.kubeconfig = kubeconfig;
        this.namespace = namespace;
    }

    /** Runs {@code kubectl <args>} in this namespace. */
    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code kubectl <args>} in this namespace with {@code stdin} as standard input. */
    public Result runWithInput(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(executable, "--kubeconfig", kubeconfig.toString()));
        if (namespace != null) {
            command.add("--namespace");
            command.add(namespace);
        }
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + String.join(" ", args) + " ran longer than "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + executable, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Applies a file with {@code kubectl apply --server-side}. */
    public Result apply(Path file) {
        return run("apply", "--server-side", "-f", file.toString());
    }

    /** Applies YAML text with {@code kubectl apply --server-side}. */
    public Result apply(String yaml) {
        return runWithInput(yaml, "apply", "--server-side", "-f", "-");
    }

    private static String read(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
