package dev.slipway.apiserver.handlers;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A build pod's log as a user reads it: its steps (the init containers clone and dockerfile, then
 * the build container) one after the other, as {@code oc logs build/...} shows a whole build. The
 * kubelet serves one container's log at a time, and none before the container starts, so a
 * followed log waits for each step to start and streams it until it ends.
 */
final class BuildPodLog {

    private static final long POLL_MILLIS = 500;

    private final PodResource pod;

    BuildPodLog(KubernetesClient client, String namespace, String name) {
        this.pod = client.pods().inNamespace(namespace).withName(name);
    }

    /** The pod as it is now; empty when it is gone. */
    Optional<Pod> current() {
        return Optional.ofNullable(pod.get());
    }

    /** What the steps that have started wrote so far. */
    String text(Pod now) {
        StringBuilder text = new StringBuilder();
        for (String step : steps(now)) {
            if (started(now, step)) {
                text.append(pod.inContainer(step).getLog());
            }
        }
        return text.toString();
    }

    /**
     * Streams each step's log to {@code out} as it is written, step after step, until the last ends,
     * the pod is gone, or {@code stopped} says the reader left.
     */
    void follow(Pod first, Consumer<byte[]> out, BooleanSupplier stopped) throws IOException, InterruptedException {
        Pod now = first;
        for (String step : steps(first)) {
            while (!started(now, step)) {
                if (stopped.getAsBoolean() || ended(now)) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
                Optional<Pod> again = current();
                if (again.isEmpty()) {
                    return;
                }
                now = again.get();
            }
            try (LogWatch watch = pod.inContainer(step).watchLog(); InputStream in = watch.getOutput()) {
                byte[] chunk = new byte[8192];
                for (int n; (n = in.read(chunk)) >= 0 && !stopped.getAsBoolean(); ) {
                    byte[] part = new byte[n];
                    System.arraycopy(chunk, 0, part, 0, n);
                    out.accept(part);
                }
            }
            if (stopped.getAsBoolean()) {
                return;
            }
            now = current().orElse(now);
        }
    }

    private static List<String> steps(Pod pod) {
        return Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .map(Container::getName).toList();
    }

    private static boolean started(Pod pod, String step) {
        if (pod.getStatus() == null) {
            return false;
        }
        return Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                        pod.getStatus().getContainerStatuses().stream())
                .filter(s -> s.getName().equals(step)).findFirst().map(ContainerStatus::getState)
                .map(s -> s.getRunning() != null || s.getTerminated() != null).orElse(false);
    }

    /** A pod that ended before a step started never starts it: a failed clone ends the build. */
    private static boolean ended(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
