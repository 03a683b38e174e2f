package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.SourceRevision;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a build stands, read from its Job and the Job's pod: Pending until the pod runs, Running,
 * then Complete with the image digest the build container wrote as its termination message, or
 * Failed with a message that says which step failed and what it said.
 *
 * @param phase        Pending, Running, Complete or Failed
 * @param image        on Complete, the pushed {@code <repository>@sha256:<digest>}
 * @param message      on Failed, why, for a person
 * @param builder      on Complete of a build that detected its builder, the builder's name
 * @param builderImage ... and the image it ran FROM
 */
public record BuildProgress(BuildPhase phase, String image, String message, String builder, String builderImage) {

    /** What the build container must write: the pushed repository by digest. */
    public static final Pattern DIGEST_REFERENCE = Pattern.compile("^\\S+@sha256:[0-9a-f]{64}$");
    private static final List<String> STAGES = List.of("assemble failed", "push failed", "build failed");
    private static final int MAX_MESSAGE = 1024;

    public static BuildProgress of(Job job, Optional<Pod> pod) {
        if (condition(job, "Complete")) {
            String message = terminated(pod, BuildJob.BUILD, false).map(t -> trim(t.getMessage())).orElse("");
            List<String> lines = message.lines().map(String::strip).toList();
            if (lines.isEmpty() || !DIGEST_REFERENCE.matcher(lines.get(0)).matches()) {
                return failed("push failed: the build ended without reporting the pushed image digest (termination"
                        + " message \"" + message + "\")");
            }
            // build.sh's second line, "builder <name> <image>", when the pod detected the builder.
            String[] builder = lines.stream().filter(l -> l.startsWith("builder ")).findFirst()
                    .map(l -> l.split("\\s+")).filter(w -> w.length == 3).orElse(new String[3]);
            return new BuildProgress(BuildPhase.Complete, lines.get(0), null, builder[1], builder[2]);
        }
        if (condition(job, "Failed")) {
            return failed(failure(job, pod));
        }
        if (pod.map(BuildProgress::started).orElse(false)) {
            return new BuildProgress(BuildPhase.Running, null, null, null, null);
        }
        return new BuildProgress(BuildPhase.Pending, null, pod.flatMap(BuildProgress::unschedulable).orElse(null), null,
                null);
    }

    /**
     * Why the scheduler cannot place the pod (no node with the resources asked, a volume claim that
     * does not bind), which would otherwise leave the build Pending without a word.
     */
    private static Optional<String> unschedulable(Pod pod) {
        return Optional.ofNullable(pod.getStatus()).map(PodStatus::getConditions).stream().flatMap(List::stream)
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst().map(c -> trim("the build pod cannot be scheduled: " + c.getMessage()));
    }

    /**
     * The commit the clone step cloned, from its termination message ("commit", "author" and
     * "message" lines); empty until the step has ended well.
     */
    public static Optional<SourceRevision> revision(Optional<Pod> pod) {
        return terminated(pod, BuildJob.CLONE, true).filter(t -> !failed(t) && t.getMessage() != null).map(t -> {
            SourceRevision revision = new SourceRevision();
            t.getMessage().lines().forEach(line -> {
                if (line.startsWith("commit ")) {
                    revision.setCommit(line.substring("commit ".length()).strip());
                } else if (line.startsWith("author ")) {
                    revision.setAuthor(line.substring("author ".length()).strip());
                } else if (line.startsWith("message ")) {
                    revision.setMessage(line.substring("message ".length()).strip());
                }
            });
            return revision;
        }).filter(r -> r.getCommit() != null);
    }

    /**
     * Whether the pod has got past Pending. A pod that ended counts: its Job notices a moment
     * later, and the build must not look as if it had not started meanwhile.
     */
    public static boolean started(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Whether the Job has ended, Complete or Failed: it no longer holds its App's build slot. */
    public static boolean ended(Job job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    private static String failure(Job job, Optional<Pod> pod) {
        Optional<ContainerStateTerminated> clone = terminated(pod, BuildJob.CLONE, true).filter(BuildProgress::failed);
        if (clone.isPresent()) {
            return "clone failed: " + trim(clone.get().getMessage());
        }
        Optional<ContainerStateTerminated> dockerfile = terminated(pod, BuildJob.DOCKERFILE, true)
                .filter(BuildProgress::failed);
        if (dockerfile.isPresent()) {
            String message = trim(dockerfile.get().getMessage());
            // dockerfile.sh says "detect failed: ..." when no catalog builder matches the source.
            return message.startsWith("detect failed") ? message : "writing the Dockerfile failed: " + message;
        }
        Optional<ContainerStateTerminated> build = terminated(pod, BuildJob.BUILD, false).filter(BuildProgress::failed);
        if (build.isPresent()) {
            String message = build.get().getMessage() == null ? "" : build.get().getMessage().strip();
            // build.sh names the stage on its first line, then quotes the tail of BuildKit's output, which is
            // longer than a status message may be: the stage line stays whole, the output is trimmed.
            if (STAGES.stream().anyMatch(message::startsWith)) {
                int end = message.indexOf('\n');
                return end < 0 ? trim(message) : message.substring(0, end + 1) + trim(message.substring(end + 1));
            }
            // A message without a stage came from somewhere else (OOM kill, signal).
            return "build failed (exit code " + build.get().getExitCode() + "): " + trim(message);
        }
        return job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType())).findFirst()
                .map(c -> "build Job failed: " + c.getReason() + " " + (c.getMessage() == null ? "" : c.getMessage()))
                .orElseThrow().strip();
    }

    private static BuildProgress failed(String message) {
        return new BuildProgress(BuildPhase.Failed, null, message, null, null);
    }

    private static boolean failed(ContainerStateTerminated terminated) {
        return terminated.getExitCode() != null && terminated.getExitCode() != 0;
    }

    private static boolean condition(Job job, String type) {
        List<JobCondition> conditions = job.getStatus() == null ? null : job.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Optional<ContainerStateTerminated> terminated(Optional<Pod> pod, String container, boolean init) {
        return pod.filter(p -> p.getStatus() != null)
                .map(p -> init ? p.getStatus().getInitContainerStatuses() : p.getStatus().getContainerStatuses())
                .flatMap(statuses -> statuses.stream().filter(s -> container.equals(s.getName())).findFirst())
                .map(ContainerStatus::getState)
                .map(s -> s.getTerminated());
    }

    private static String trim(String message) {
        String text = message == null ? "" : message.strip();
        return text.length() <= MAX_MESSAGE ? text : "..." + text.substring(text.length() - MAX_MESSAGE);
    }
}
