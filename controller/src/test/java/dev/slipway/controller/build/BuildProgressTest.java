package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.SourceRevision;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a build Job and its pod say about the build, as a table. */
class BuildProgressTest {

    private static final String DIGEST = "registry.local/demo/shop@sha256:" + "ab".repeat(32);
    private static final String NODE_BUILDER = "registry.local/slipway/builder-node:latest@sha256:" + "cd".repeat(32);

    record Scenario(String name, String jobCondition, String podPhase, String failedContainer, String message,
            BuildProgress expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("no pod yet", null, null, null, null, progress(BuildPhase.Pending, null, null)),
                new Scenario("pod pending", null, "Pending", null, null, progress(BuildPhase.Pending, null, null)),
                new Scenario("pod running", null, "Running", null, null, progress(BuildPhase.Running, null, null)),
                new Scenario("pod ended before its Job noticed", null, "Succeeded", null, DIGEST,
                        progress(BuildPhase.Running, null, null)),
                new Scenario("pushed", "Complete", "Succeeded", null, DIGEST, progress(BuildPhase.Complete, DIGEST, null)),
                new Scenario("pushed, builder detected", "Complete", "Succeeded", null,
                        DIGEST + "\nbuilder node " + NODE_BUILDER,
                        new BuildProgress(BuildPhase.Complete, DIGEST, null, "node", NODE_BUILDER)),
                new Scenario("ended without a digest", "Complete", "Succeeded", null, "done",
                        progress(BuildPhase.Failed, null, "push failed: the build ended without reporting the pushed"
                                + " image digest (termination message \"done\")")),
                new Scenario("clone failed", "Failed", "Failed", BuildJob.CLONE, "fatal: repository not found",
                        progress(BuildPhase.Failed, null, "clone failed: fatal: repository not found")),
                new Scenario("nothing to detect", "Failed", "Failed", BuildJob.DOCKERFILE,
                        "detect failed: no builder matches the source",
                        progress(BuildPhase.Failed, null, "detect failed: no builder matches the source")),
                new Scenario("dockerfile step failed", "Failed", "Failed", BuildJob.DOCKERFILE, "No space left on device",
                        progress(BuildPhase.Failed, null, "writing the Dockerfile failed: No space left on device")),
                new Scenario("assemble failed", "Failed", "Failed", BuildJob.BUILD, "assemble failed:\nnpm ERR!",
                        progress(BuildPhase.Failed, null, "assemble failed:\nnpm ERR!")),
                new Scenario("assemble failed, a long output", "Failed", "Failed", BuildJob.BUILD,
                        "assemble failed:\n#7 [3/3] RUN /usr/libexec/s2i/assemble\n" + "npm ERR! abcdef\n".repeat(300),
                        progress(BuildPhase.Failed, null, "assemble failed:\n..." + "\nnpm ERR! abcdef".repeat(64))),
                new Scenario("killed", "Failed", "Failed", BuildJob.BUILD, "OOMKilled",
                        progress(BuildPhase.Failed, null, "build failed (exit code 1): OOMKilled")),
                new Scenario("deadline, no pod", "Failed", null, null, null,
                        progress(BuildPhase.Failed, null, "build Job failed: DeadlineExceeded Job was active longer")));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void readsTheBuildFromItsJobAndPod(Scenario scenario) {
        assertThat(BuildProgress.of(job(scenario.jobCondition()), pod(scenario))).isEqualTo(scenario.expected());
    }

    @Test
    void aPodTheSchedulerCannotPlaceSaysWhyWhileTheBuildIsPending() {
        Pod pod = Serialization.unmarshal("""
                metadata: {name: shop-build-3-x7k2p}
                status:
                  phase: Pending
                  conditions:
                    - {type: PodScheduled, status: "False", reason: Unschedulable,
                       message: "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims."}
                """, Pod.class);

        assertThat(BuildProgress.of(job(null), Optional.of(pod))).isEqualTo(progress(BuildPhase.Pending, null,
                "the build pod cannot be scheduled: 0/2 nodes are available: pod has unbound immediate"
                        + " PersistentVolumeClaims."));
    }

    @Test
    void theClonedCommitIsReadFromTheCloneStepOnceItEndedWell() {
        String commit = "3f2a9c1" + "0".repeat(33);
        Scenario cloned = new Scenario("cloned", null, "Running", null, null, null);
        Pod pod = pod(cloned).orElseThrow();
        pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated()
                .setMessage("commit " + commit + "\nauthor Alice <alice@example.com>\nmessage Fix the login\n");

        SourceRevision revision = BuildProgress.revision(Optional.of(pod)).orElseThrow();

        assertThat(revision).extracting(SourceRevision::getCommit, SourceRevision::getAuthor, SourceRevision::getMessage)
                .containsExactly(commit, "Alice <alice@example.com>", "Fix the login");
        assertThat(BuildProgress.revision(pod(new Scenario("clone failed", "Failed", "Failed", BuildJob.CLONE,
                "fatal: repository not found", null)))).as("a failed clone names no commit").isEmpty();
        assertThat(BuildProgress.revision(Optional.empty())).isEmpty();
    }

    private static BuildProgress progress(BuildPhase phase, String image, String message) {
        return new BuildProgress(phase, image, message, null, null);
    }

    private static Job job(String condition) {
        return Serialization.unmarshal(condition == null ? "kind: Job\napiVersion: batch/v1\nstatus: {}\n" : """
                kind: Job
                apiVersion: batch/v1
                status:
                  conditions:
                  - {type: %s, status: "True", reason: DeadlineExceeded, message: Job was active longer}
                """.formatted(condition), Job.class);
    }

    private static Optional<Pod> pod(Scenario s) {
        if (s.podPhase() == null) {
            return Optional.empty();
        }
        int code = s.failedContainer() == null ? 0 : 1;
        String terminated = "state: {terminated: {exitCode: %d, message: %s}}".formatted(code,
                Serialization.asJson(s.message() == null ? "" : s.message()));
        String ok = "state: {terminated: {exitCode: 0}}";
        String clone = BuildJob.CLONE.equals(s.failedContainer()) ? terminated : ok;
        String dockerfile = BuildJob.DOCKERFILE.equals(s.failedContainer()) ? terminated
                : BuildJob.CLONE.equals(s.failedContainer()) ? "state: {waiting: {}}" : ok;
        boolean initFailed = !clone.equals(ok) || !dockerfile.equals(ok);
        return Optional.of(Serialization.unmarshal("""
                kind: Pod
                apiVersion: v1
                metadata: {name: shop-build-3-x7k2p}
                status:
                  phase: %s
                  initContainerStatuses:
                  - {name: clone, %s}
                  - {name: dockerfile, %s}
                  containerStatuses:
                  - {name: build, %s}
                """.formatted(s.podPhase(), clone, dockerfile, initFailed ? "state: {waiting: {}}" : terminated), Pod.class));
    }
}
