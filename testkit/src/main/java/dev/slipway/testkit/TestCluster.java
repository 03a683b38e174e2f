package dev.slipway.testkit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running Kubernetes cluster that tests may use: its kubeconfig, and how it was had. Closing it
 * stops it when the kit started it; a cluster named by a kubeconfig is left as it was.
 */
public final class TestCluster implements AutoCloseable {

    /** Where a cluster came from; only {@link #LOCAL} has kwok's fake pod behaviours. */
    public enum Kind {
        KUBECONFIG, K3S, LOCAL
    }

    private final Kind kind;
    private final Path kubeconfig;
    private final String kubectlCommand;
    private final String description;
    private final Runnable stop;
    private final Runnable realNodeUp;

    TestCluster(Kind kind, Path kubeconfig, String kubectlCommand, String description, Runnable stop,
            Runnable realNodeUp) {
        this.kind = kind;
        this.kubeconfig = kubeconfig;
        this.kubectlCommand = kubectlCommand;
        this.description = description;
        this.stop = stop;
        this.realNodeUp = realNodeUp;
    }

    /**
     * Makes sure the cluster has a node that runs real containers: on the local control plane, starts
     * its real node when it is not running yet; elsewhere every node is real already.
     *
     * @throws IllegalStateException saying why when the real node cannot start
     */
    public synchronized void ensureRealNode() {
        realNodeUp.run();
    }

    public Kind kind() {
        return kind;
    }

    /** The admin kubeconfig file, for kubectl and for programs under test. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A new client with the cluster's admin credentials, defaulting to {@code namespace}; the caller closes it. */
    public KubernetesClient newClient(String namespace) {
        return new KubernetesClientBuilder().withConfig(config(namespace)).build();
    }

    /** The cluster's admin credentials, defaulting to {@code namespace} when not null. */
    public Config config(String namespace) {
        Config config;
        try {
            config = Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (namespace != null) {
            config.setNamespace(namespace);
        }
        return config;
    }

    /**
     * kubectl bound to this cluster and, when not null, to {@code namespace}: the local cluster's
     * own kubectl, else the one on the PATH.
     */
    public Kubectl kubectl(String namespace) {
        return new Kubectl(kubectlCommand, kubeconfig, namespace);
    }

    /** The kubectl that {@link #kubectl} runs, for the repository's scripts, which take it as {@code KUBECTL}. */
    String kubectlCommand() {
        return kubectlCommand;
    }

    @Override
    public void close() {
        stop.run();
    }

    @Override
    public String toString() {
        return description;
    }
}
