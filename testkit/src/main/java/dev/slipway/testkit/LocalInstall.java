package dev.slipway.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Slipway installed in the local cluster as a user installs it: its own images built and pushed to
 * the real node's registry by {@code hack/slipway-images.sh} (Jib on the Debian-made JRE), then
 * {@code kubectl apply --server-side -k hack/local-install}. The installed controller is limited to
 * one namespace, so that it leaves the other test classes' Apps to their own controllers.
 */
public final class LocalInstall {

    /** A cold first run makes the JRE image (about 90 s) and resolves Jib's plugin. */
    private static final Duration IMAGES_TIMEOUT = Duration.ofMinutes(20);
    private static final String ROLLOUT_TIMEOUT = "--timeout=240s";
    private static final List<String> DEPLOYMENTS = List.of("deployment/slipway-controller",
            "deployment/slipway-api-server");

    private LocalInstall() {
    }

    /**
     * Builds the images, installs, has the controller watch {@code namespace} only, and waits until
     * both Deployments have rolled out.
     *
     * @throws IllegalStateException with the script's log or kubectl's answer when a step fails
     */
    public static void install(TestCluster cluster, String namespace) {
        cluster.ensureRealNode();
        Path root = RepositoryLayout.root();
        Scripts.run(root.resolve("hack/slipway-images.sh"), List.of(),
                RepositoryLayout.buildDir().resolve("slipway-images.log"), IMAGES_TIMEOUT);
        // On the test cluster the fake node takes pods by default: Slipway's own go to the real one.
        List<String> annotate = new ArrayList<>(List.of("annotate", "--overwrite", "namespace",
                "slipway-system"));
        RealNode.NAMESPACE_ANNOTATIONS.forEach((key, value) -> annotate.add(key + "=" + value));
        kubectl(cluster, annotate.toArray(String[]::new));
        // The test kit installed the same CRDs under its own field manager: this install takes them over.
        kubectl(cluster, "apply", "--server-side", "--force-conflicts", "-k", root.resolve("hack/local-install").toString());
        kubectl(cluster, "-n", "slipway-system", "set", "env", "deployment/slipway-controller",
                "SLIPWAY_NAMESPACES=" + namespace);
        for (String deployment : DEPLOYMENTS) {
            kubectl(cluster, "-n", "slipway-system", "rollout", "status", deployment, ROLLOUT_TIMEOUT);
        }
    }

    /** Removes the two Deployments and waits for their pods to go; CRDs, roles and the namespace stay. */
    public static void uninstall(TestCluster cluster) {
        for (String deployment : DEPLOYMENTS) {
            // Foreground: kubectl returns when the ReplicaSets and pods are gone too.
            kubectl(cluster, "-n", "slipway-system", "delete", deployment, "--ignore-not-found",
                    "--cascade=foreground", ROLLOUT_TIMEOUT);
        }
    }

    private static void kubectl(TestCluster cluster, String... args) {
        Kubectl.Result result = cluster.kubectl(null).run(args);
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + result);
        }
    }
}
