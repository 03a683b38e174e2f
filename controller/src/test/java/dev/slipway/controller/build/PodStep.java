package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one container of a build Job on this machine as the pod runs it: the Job's command and env,
 * nothing else of this JVM's environment but PATH, with the pod's fixed paths moved under a test
 * folder by the variables the step scripts honour (WORKSPACE, TERMINATION_LOG).
 *
 * @param exitCode           the step's exit code
 * @param output             its standard output and error, as {@code kubectl logs} shows them
 * @param terminationMessage what it wrote as its termination message; empty when nothing
 */
record PodStep(int exitCode, String output, String terminationMessage) {

    /**
     * @param wrapper   a command the step runs under (empty: none)
     * @param overrides env entries set over the Job's, for what differs between this machine and a pod
     */
    static PodStep run(Container container, Path workspace, List<String> wrapper, Map<String, String> overrides,
            Duration timeout) {
        Path log = workspace.resolve(container.getName() + ".log");
        Path terminationLog = workspace.resolve(container.getName() + ".termination-log");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(container.getCommand());
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        process.environment().clear();
        process.environment().put("PATH", System.getenv("PATH"));
        container.getEnv().forEach(e -> process.environment().put(e.getName(), e.getValue()));
        process.environment().put("WORKSPACE", workspace.toString());
        process.environment().put("TERMINATION_LOG", terminationLog.toString());
        process.environment().putAll(overrides);
        try {
            Files.createDirectories(workspace);
            Process started = process.start();
            if (!started.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                started.descendants().forEach(ProcessHandle::destroyForcibly);
                started.destroyForcibly();
            }
            assertThat(started.isAlive()).as("the %s step ended within %s; its output:%n%s", container.getName(),
                    timeout, Files.readString(log)).isFalse();
            return new PodStep(started.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                    Files.exists(terminationLog) ? Files.readString(terminationLog, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run the " + container.getName() + " step", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static PodStep run(Container container, Path workspace, Duration timeout) {
        return run(container, workspace, List.of(), Map.of(), timeout);
    }
}
