package dev.slipway.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh local control plane for one benchmark run (hack/local-cluster.sh in its own folder),
 * with Slipway's CRDs installed; closing it stops the cluster.
 */
final class BenchCluster implements AutoCloseable {

    final Path root;
    final Path dir;
    final Path kubeconfig;
    final KubernetesClient client;

    BenchCluster(Path root, Path dir) throws IOException, InterruptedException {
        this.root = root;
        this.dir = dir;
        run(List.of("bash", root.resolve("hack/local-cluster.sh").toString(), "down", dir.toString()));
        String out = run(List.of("bash", root.resolve("hack/local-cluster.sh").toString(), "up", dir.toString(),
                "--owner-pid", Long.toString(ProcessHandle.current().pid()), "--fake-only"));
        this.kubeconfig = Path.of(out.strip());
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        // Benchmarks create hundreds of objects at once: no client-side throttling of our own.
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
        kubectl("apply", "--server-side", "-f", root.resolve("manifests/crds").toString());
        kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s");
    }

    String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dir.resolve("kubectl").toString(), "--kubeconfig",
                kubeconfig.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        client.close();
        run(List.of("bash", root.resolve("hack/local-cluster.sh").toString(), "down", dir.toString()));
    }
}
