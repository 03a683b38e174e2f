package dev.slipway.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

    /** A ServiceAccount token from the TokenRequest API, as {@code kubectl create token} asks for one. */
    String token(String namespace, String account) throws IOException, InterruptedException {
        return kubectl("-n", namespace, "create", "token", account, "--duration=1h").strip();
    }

    /**
     * A kubeconfig in {@code file} that reaches this cluster with only the token of ServiceAccount
     * {@code account}, as a pod running as that account would.
     */
    Path tokenKubeconfig(Path file, String namespace, String account) throws IOException, InterruptedException {
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                - name: %s
                  user: {token: "%s"}
                contexts:
                - name: bench
                  context: {cluster: bench, user: %s}
                current-context: bench
                """.formatted(client.getConfiguration().getMasterUrl(), client.getConfiguration().getCaCertData(),
                account, token(namespace, account), account));
        return file;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return out;
    }

    /**
     * Stops one of the control plane's programs (SIGTERM, as a node's shutdown does), starts it again
     * with the same command line and log, as {@code hack/local-cluster.sh} started it, and waits
     * until the kube-apiserver is ready again. Returns the seconds it was away.
     */
    double restart(String component) throws IOException, InterruptedException {
        Path pidFile = dir.resolve("pids").resolve(component);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        List<String> command = List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")))
                .split("\0"));
        long start = System.nanoTime();
        ProcessHandle old = ProcessHandle.of(pid).orElseThrow();
        old.destroy();
        old.onExit().join();
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        Process started = new ProcessBuilder(detached).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve(component + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Files.writeString(pidFile, started.pid() + "\n");
        Instant deadline = Instant.now().plusSeconds(90);
        while (!ready()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(component + " did not come back within 90 s; see "
                        + dir.resolve("logs").resolve(component + ".log"));
            }
            Thread.sleep(200);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** As hack/local-cluster.sh asks: without the client, whose retries would wait out the outage. */
    private boolean ready() throws IOException, InterruptedException {
        String readyz = client.getMasterUrl().toString().replaceAll("/+$", "") + "/readyz";
        Process curl = new ProcessBuilder("curl", "-fsk", "--max-time", "2", readyz).redirectErrorStream(true).start();
        curl.getInputStream().readAllBytes();
        return curl.waitFor() == 0;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        client.close();
        run(List.of("bash", root.resolve("hack/local-cluster.sh").toString(), "down", dir.toString()));
    }
}
