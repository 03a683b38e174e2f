package dev.slipway.builders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs builder scripts as child processes with the environment a Build would give them. Output
 * goes to files, never pipes, so a chatty script cannot block on a full pipe, and the files stay
 * under target/ to explain a failure.
 */
final class Shell {

    /** How a finished script ended and what it printed. */
    record Outcome(List<String> command, int exitCode, String stdout, String stderr) {

        /** For assertion messages: the command and everything it printed. */
        String report() {
            return String.join(" ", command) + " exited " + exitCode
                    + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /**
     * Variables the surrounding Maven build exports that would leak into a nested Maven build or
     * change how a script behaves; each test sets what it needs itself.
     */
    private static final List<String> UNINHERITED = List.of(
            "MAVEN_ARGS", "MAVEN_BASEDIR", "MAVEN_PROJECTBASEDIR", "MAVEN_CONFIG",
            "S2I_SOURCE_DIR", "S2I_APP_DIR", "PORT", "BIND_ADDRESS", "NODE_ENV", "RAILS_ENV", "RACK_ENV");

    private final Path logDir;

    Shell(Path logDir) {
        this.logDir = logDir;
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end, or kills it and fails after {@code timeout}. */
    Outcome run(String step, Map<String, String> env, Duration timeout, String... command) {
        Path out = logDir.resolve(step + ".out");
        Path err = logDir.resolve(step + ".err");
        try {
            Process process = builder(env, command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; its output is in " + logDir);
            }
            return new Outcome(List.of(command), process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a long-running command (a run script) with its output, both streams, in {@code <step>.log}. */
    Process start(String step, Map<String, String> env, String... command) {
        try {
            return builder(env, command)
                    .redirectErrorStream(true)
                    .redirectOutput(log(step).toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path log(String step) {
        return logDir.resolve(step + ".log");
    }

    /** Stops a started command and everything it started, so a failed test leaves nothing running. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProcessBuilder builder(Map<String, String> env, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        UNINHERITED.forEach(environment::remove);
        environment.putAll(new HashMap<>(env));
        return builder;
    }
}
