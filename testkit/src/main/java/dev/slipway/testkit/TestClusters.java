package dev.slipway.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/** Chooses and starts the test cluster, in the order {@link KubeClusterTest} documents. */
final class TestClusters {

    /** Names a kubeconfig of a cluster to use as it is (a kind or k3d cluster, a CI cluster). */
    static final String KUBECONFIG_ENV = "SLIPWAY_TEST_KUBECONFIG";

    /** Set to "false" to pass over a Docker daemon and use the local binaries. */
    static final String DOCKER_PROPERTY = "slipway.test.docker";

    static final String K3S_IMAGE = "rancher/k3s:v1.34.1-k3s1";

    private static final Logger LOG = LoggerFactory.getLogger(TestClusters.class);
    private static final Duration LOCAL_START_TIMEOUT = Duration.ofMinutes(60);

    private TestClusters() {
    }

    static TestCluster start() {
        String named = System.getenv(KUBECONFIG_ENV);
        if (named != null && !named.isBlank()) {
            Path kubeconfig = Path.of(named).toAbsolutePath();
            if (!Files.isReadable(kubeconfig)) {
                throw new IllegalStateException(KUBECONFIG_ENV + " names " + kubeconfig + ", which cannot be read");
            }
            LOG.info("Test cluster: the kubeconfig {} ({})", kubeconfig, KUBECONFIG_ENV);
            return new TestCluster(TestCluster.Kind.KUBECONFIG, kubeconfig, "kubectl", "kubeconfig " + kubeconfig,
                    () -> { }, () -> { });
        }
        if (!"false".equals(System.getProperty(DOCKER_PROPERTY)) && dockerAvailable()) {
            return startK3s();
        }
        return startLocal();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static TestCluster startK3s() {
        LOG.info("Test cluster: k3s {} in Docker", K3S_IMAGE);
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        k3s.start();
        try {
            Path kubeconfig = Files.createTempFile("slipway-k3s-", ".kubeconfig");
            Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
            return new TestCluster(TestCluster.Kind.K3S, kubeconfig, "kubectl", "k3s " + K3S_IMAGE, () -> {
                k3s.stop();
                kubeconfig.toFile().delete();
            }, () -> { });
        } catch (IOException e) {
            k3s.stop();
            throw new UncheckedIOException(e);
        }
    }

    private static TestCluster startLocal() {
        Path script = RepositoryLayout.localClusterScript();
        Path dir = RepositoryLayout.buildDir().resolve("test-cluster");
        LOG.info("Test cluster: local control plane in {} (binaries are built on first use, which takes minutes)", dir);
        String pid = Long.toString(ProcessHandle.current().pid());
        // The real node joins only when a class asks for it (KubeClusterTest.realNode): most tests
        // need no containers, and the fake node alone starts in seconds.
        List<String> up = List.of("up", dir.toString(), "--owner-pid", pid, "--crds", RepositoryLayout.crds().toString(),
                "--fake-only");
        String kubeconfig;
        try {
            kubeconfig = runScript(script, up);
        } catch (IllegalStateException first) {
            // Ports are chosen free but bound a moment later; on a busy machine another process can
            // take one in between. A second start picks new ports.
            LOG.warn("The local control plane did not start, trying once more: {}", first.getMessage());
            kubeconfig = runScript(script, up);
        }
        return new TestCluster(TestCluster.Kind.LOCAL, Path.of(kubeconfig.strip()), dir.resolve("kubectl").toString(),
                "local control plane in " + dir,
                () -> runScript(script, List.of("down", dir.toString())),
                () -> runScript(script, List.of("node-up", dir.toString()), REAL_NODE_MESSAGE));
    }

    private static String runScript(Path script, List<String> args) {
        return runScript(script, args, NO_CLUSTER_MESSAGE);
    }

    /** Runs the cluster script; its standard error goes to a log beside the cluster, and into the failure. */
    private static String runScript(Path script, List<String> args, String advice) {
        Path log = RepositoryLayout.buildDir().resolve("test-cluster-" + args.get(0) + ".log");
        try {
            return Scripts.run(script, args, log, LOCAL_START_TIMEOUT);
        } catch (Scripts.Failed e) {
            throw new IllegalStateException(e.getMessage() + "\n" + advice);
        }
    }

    private static final String NO_CLUSTER_MESSAGE = "No Kubernetes cluster for the tests. The kit uses, in this"
            + " order: the kubeconfig named by " + KUBECONFIG_ENV + "; a Docker daemon (k3s through Testcontainers);"
            + " the local control plane, built from Go modules, which needs Go >= 1.26 with access to the Go module"
            + " proxy, and openssl, curl, ss, setsid and flock on the PATH. Install one of these (see README.md,"
            + " Prerequisites).";

    private static final String REAL_NODE_MESSAGE = "The local cluster's real node did not start, and this test class"
            + " needs real containers (KubeClusterTest.realNode). The real node needs root, runc, iptables and"
            + " iproute2 (apt-get install runc iptables iproute2 conntrack), gcc for its pause program, mmdebstrap"
            + " and Debian's packages for the images builds need (hack/build-images.sh, minutes the first time),"
            + " and no other real node running on this machine (hack/local-cluster.sh down DIR stops one).";
}
