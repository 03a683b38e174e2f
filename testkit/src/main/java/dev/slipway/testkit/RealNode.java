package dev.slipway.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What a test on the real node ({@link KubeClusterTest#realNode()}) needs to know: the images it can
 * run, which the local cluster makes from programs on the machine (no image registry on the internet
 * is reached), and how its namespace is bound to the real node.
 */
public final class RealNode {

    /**
     * The annotations that send every pod of a namespace to the local cluster's real node, through
     * the PodNodeSelector and PodTolerationRestriction admission plugins; the real node is tainted so
     * that no other pod lands there.
     */
    public static final Map<String, String> NAMESPACE_ANNOTATIONS = Map.of(
            "scheduler.alpha.kubernetes.io/node-selector", "slipway.dev/node=real",
            "scheduler.alpha.kubernetes.io/defaultTolerations",
            "[{\"key\":\"slipway.dev/real-node\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");

    /**
     * The machine's address on the real node's bridge (hack/real-node.sh host_ip): pods reach a
     * server of the test bound there, such as a {@link GitHttpServer}, and nothing else on the machine.
     */
    public static final String HOST_ADDRESS = "10.88.0.1";
    /** The cluster registry's name for the kubelet and for pods (hack/real-node.sh registry_name). */
    public static final String REGISTRY = "registry.slipway-system.svc:5000";
    /** The same registry as this machine reaches it. */
    public static final String REGISTRY_FROM_HOST = HOST_ADDRESS + ":5000";

    /** On clusters the kit did not make, a public image stands in for the local one. */
    private static final String PUBLIC_BUSYBOX = "busybox:1.36";

    private RealNode() {
    }

    /**
     * A static BusyBox image with its applets (sh, httpd, nc, wget...), with a user {@code app}
     * (1001) beside root; its reference is the same for the kubelet and for pods.
     */
    public static String busyboxImage(TestCluster cluster) {
        return image(cluster, "busybox", PUBLIC_BUSYBOX);
    }

    /**
     * A small web app: BusyBox's httpd, as user 1001, serving the value of {@code MESSAGE} at
     * {@code /} and "ok" at {@code /healthz} on {@code PORT} (8080); it stops at once on SIGTERM.
     */
    public static String webSampleImage(TestCluster cluster) {
        return image(cluster, "web-sample", null);
    }

    /**
     * Debian 12 with PostgreSQL 15 and BusyBox, as user postgres: {@code /usr/local/bin/postgres-server}
     * runs a throwaway server (user {@code app}, no passwords, any client address, data in /tmp); the
     * default command serves at {@code /} on 8080 the columns of table {@code users} in the database
     * at {@code $DATABASE_HOST}, as read once at start. About 400 MB: pulled from the cluster's
     * registry when first used.
     */
    public static String postgresSampleImage(TestCluster cluster) {
        return image(cluster, "postgres-sample", null);
    }

    /** The build pod's clone and dockerfile step image: Debian's git and shell (hack/images/git). */
    public static String gitImage(TestCluster cluster) {
        return image(cluster, "git", null);
    }

    /** The build pod's build step image: rootless BuildKit on Debian (hack/images/buildkit). */
    public static String buildkitImage(TestCluster cluster) {
        return image(cluster, "buildkit", null);
    }

    /**
     * Where the local cluster's ingress controller (Traefik, the default IngressClass {@code traefik})
     * takes plain HTTP: {@code 127.0.0.1:<port>}; requests name the route's host in their Host header.
     */
    public static String ingressAddress(TestCluster cluster) {
        if (cluster.kind() != TestCluster.Kind.LOCAL) {
            throw new IllegalStateException("The ingress address is known for the local cluster only; this test runs on "
                    + cluster);
        }
        Path port = cluster.kubeconfig().getParent().resolve("ports").resolve("ingress-http");
        try {
            return "127.0.0.1:" + Files.readString(port).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("The ingress controller's port " + port + " cannot be read: is the real node up"
                    + " (KubeClusterTest.realNode)?", e);
        }
    }

    private static String image(TestCluster cluster, String name, String elsewhere) {
        if (cluster.kind() != TestCluster.Kind.LOCAL) {
            if (elsewhere == null) {
                throw new IllegalStateException("The image " + name + " is made by the local cluster's real node only;"
                        + " this test runs on " + cluster);
            }
            return elsewhere;
        }
        // hack/node-images.sh writes the references of what it loaded beside the node's configuration.
        Path images = cluster.kubeconfig().getParent().resolve("node").resolve("images.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(images)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("The real node's image list " + images + " cannot be read: is the real"
                    + " node up (KubeClusterTest.realNode)?", e);
        }
        String reference = properties.getProperty(name);
        if (reference == null) {
            throw new IllegalStateException("The real node has no image " + name + " (" + images + ")");
        }
        return reference;
    }
}
