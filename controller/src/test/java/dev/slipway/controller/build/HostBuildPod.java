package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build Job's pod, run on this machine: its init containers, then its build container, each as
 * {@link PodStep} runs one, with this machine's git, sh and BuildKit (buildkitd as root, see
 * {@link #buildStepOverrides}). The build pod test and the build cache benchmark run pods this way.
 */
final class HostBuildPod {

    static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Each build step runs in a mount namespace of its own with a fresh /run: buildkitd as root listens
     * on /run/buildkit/buildkitd.sock (buildctl-daemonless.sh fixes that path) and runc keeps its state
     * in /run/runc, which another build on this machine would share; the namespace also takes
     * BuildKit's overlay mounts away with it.
     */
    static final List<String> PRIVATE_RUN = List.of("unshare", "--mount", "--propagation", "private",
            "sh", "-c", "mount -t tmpfs tmpfs /run && exec \"$@\"", "private-run");

    private final Path buildkit;
    private final Duration timeout;

    /** @param buildkit the folder of BuildKit's programs (BuildKitBinaries) */
    HostBuildPod(Path buildkit, Duration timeout) {
        this.buildkit = buildkit;
        this.timeout = timeout;
    }

    /**
     * Runs the Job's init containers, then its build container, as a pod does: a failed init step
     * fails the caller's test at once with its output. BuildKit keeps its state in {@code buildkitState}:
     * a folder it has never seen is a new pod's BuildKit.
     */
    List<PodStep> run(Job job, Path workspace, Path buildkitState) {
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        List<PodStep> steps = new ArrayList<>();
        for (Container init : pod.getInitContainers()) {
            PodStep step = PodStep.run(init, workspace, timeout);
            assertThat(step.exitCode()).as("the %s step; its output:%n%s", init.getName(), step.output()).isZero();
            steps.add(step);
        }
        Container build = pod.getContainers().get(0);
        steps.add(PodStep.run(build, workspace, PRIVATE_RUN, buildStepOverrides(build, workspace, buildkitState),
                timeout));
        return steps;
    }

    /**
     * What this machine needs beyond the Job's env. BuildKit runs as root here, so buildkitd refuses
     * {@code --oci-worker-no-process-sandbox} ("can't enable NoProcessSandbox without Rootless"),
     * which the rootless pod needs; the rest of the Job's flags stay, with the workspace moved.
     */
    private Map<String, String> buildStepOverrides(Container build, Path workspace, Path buildkitState) {
        String flags = build.getEnv().stream().filter(e -> e.getName().equals("BUILDKITD_FLAGS")).findFirst()
                .orElseThrow().getValue();
        assertThat(flags).startsWith("--oci-worker-no-process-sandbox ");
        return buildkitEnv(flags.replace("--oci-worker-no-process-sandbox ", "")
                .replace("/workspace/", workspace + "/"), workspace, buildkitState);
    }

    /**
     * BuildKit's programs first on PATH; buildkitd's state in {@code buildkitState} rather than root's
     * default /var/lib/buildkit; and a longer wait of buildctl-daemonless.sh for buildkitd on a busy machine.
     */
    Map<String, String> buildkitEnv(String buildkitdFlags, Path scratch, Path buildkitState) {
        return Map.of(
                "BUILDKITD_FLAGS", buildkitdFlags + " --root " + buildkitState,
                "PATH", buildkit + ":" + System.getenv("PATH"),
                "SCRATCH_DIR", scratch.toString(),
                "BUILDCTL_CONNECT_RETRIES_MAX", "50");
    }
}
