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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A pod's log as a user reads it: the logs of some of its containers (its steps) one after the
 * other. A build pod's steps are the init containers clone and dockerfile, then the build
 * container, as {@code oc logs build/...} shows a whole build; a hook pod's is its one container. The
 * kubelet serves one container's log at a time, and none before the container starts, so a
 * followed log waits for each step to start and streams it until it ends.
 */
final class PodLog {

    /** Which containers of a pod make up its log, in the order they run. */
    interface Steps extends Function<Pod, List<String>> {
    }

    /** Every init container, then every container: a build pod's steps. */
    static final Steps EVERY_CONTAINER = pod -> Stream.concat(pod.getSpec().getInitContainers().stream(),
            pod.getSpec().getContainers().stream()).map(Container::getName).toList();

    private static final long POLL_MILLIS = 500;

    private final PodResource pod;
    private final Steps steps;

    PodLog(KubernetesClient client, String namespace, String name, Steps steps) {
        this.pod = client.pods().inNamespace(namespace).withName(name);
        this.steps = steps;
    }

    /** Container {@code name} alone: what else runs in the pod (a mesh's injected proxy) is not the user's log. */
    static Steps container(String name) {
        return pod -> List.of(name);
    }

    /** The pod as it is now; empty when it is gone. */
    Optional<Pod> current() {
        return Optional.ofNullable(pod.get());
    }

    /** What the steps that have started wrote so far. */
    String text(Pod now) {
        StringBuilder text = new StringBuilder();
        for (String step : steps.apply(now)) {
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
        for (String step : steps.apply(first)) {
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
