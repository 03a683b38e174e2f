package dev.slipway.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Slipway installed in the local cluster as a user installs it: its own images built and pushed to
 * the real node's registry by {@code hack/slipway-images.sh} (Jib on the Debian-made JRE), then
 * {@code hack/install.sh} on {@code hack/local-install}, the script the sandbox VM installs with. The
 * installed controller is limited to the test's namespaces, so that it leaves the other test classes'
 * Apps to their own controllers.
 */
public final class LocalInstall {

    /** A cold first run makes the JRE image (about 90 s) and resolves Jib's plugin. */
    private static final Duration IMAGES_TIMEOUT = Duration.ofMinutes(20);
    /** hack/install.sh: the apply, then up to 240 s for each of the two rollouts. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    /** A passing run takes two minutes; each check may take the timeout InstallIT gives (four minutes). */
    private static final Duration SELFTEST_TIMEOUT = Duration.ofMinutes(20);
    /** The tag manifests/ names Slipway's images by, which hack/slipway-images.sh pushes. */
    private static final String INSTALLED_TAG = "0.1.0";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String ROLLOUT_TIMEOUT = "--timeout=240s";
    private static final List<String> DEPLOYMENTS = List.of("deployment/slipway-controller",
            "deployment/slipway-api-server");

    private LocalInstall() {
    }

    /**
     * Builds the images, installs with the controller watching {@code namespaces} only, and waits until
     * both Deployments have rolled out.
     *
     * @throws IllegalStateException with the script's log or kubectl's answer when a step fails
     */
    public static void install(TestCluster cluster, String... namespaces) {
        cluster.ensureRealNode();
        Path root = RepositoryLayout.root();
        Scripts.run(root.resolve("hack/slipway-images.sh"), List.of(),
                RepositoryLayout.buildDir().resolve("slipway-images.log"), IMAGES_TIMEOUT);
        // On the test cluster the fake node takes pods by default: Slipway's own go to the real one,
        // from their first pods on, so the namespace is annotated before the install.
        List<String> annotate = new ArrayList<>(List.of("annotate", "--overwrite", "namespace",
                "slipway-system"));
        RealNode.NAMESPACE_ANNOTATIONS.forEach((key, value) -> annotate.add(key + "=" + value));
        kubectl(cluster, annotate.toArray(String[]::new));
        apply(cluster, scopedInstall(root, String.join(",", namespaces), null));
    }

    /**
     * Upgrades the installation as a user would: new manifests, here the same ones naming the images
     * by another {@code tag}, applied over the running install with {@code hack/install.sh}, which
     * waits until both Deployments have rolled out. The images under {@code tag} are the installed
     * ones, tagged again in the node's registry: what is tested is the rollout over a working
     * installation, not a change of code.
     */
    public static void upgrade(TestCluster cluster, String tag, String... namespaces) {
        for (String image : List.of("controller", "api-server")) {
            retag("slipway/" + image, INSTALLED_TAG, tag);
        }
        apply(cluster, scopedInstall(RepositoryLayout.root(), String.join(",", namespaces), tag));
    }

    private static void apply(TestCluster cluster, Path kustomization) {
        Scripts.run(RepositoryLayout.root().resolve("hack/install.sh"), List.of(kustomization.toString()),
                Map.of("KUBECONFIG", cluster.kubeconfig().toString(), "KUBECTL", cluster.kubectlCommand()),
                RepositoryLayout.buildDir().resolve("slipway-install.log"), INSTALL_TIMEOUT);
    }

    /** Puts the manifest of {@code repository:from} under {@code to} in the node's registry. */
    private static void retag(String repository, String from, String to) {
        URI manifests = URI.create("http://" + RealNode.HOST_ADDRESS + ":5000/v2/" + repository + "/manifests/");
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<byte[]> manifest = http.send(HttpRequest.newBuilder(manifests.resolve(from))
                    .header("Accept", OCI_MANIFEST + ", " + DOCKER_MANIFEST).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (manifest.statusCode() != 200) {
                throw new IllegalStateException("Cannot read " + repository + ":" + from + ": GET " + manifest.statusCode());
            }
            String type = manifest.headers().firstValue("Content-Type").orElse(OCI_MANIFEST);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(manifests.resolve(to)).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.body())).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 201) {
                throw new IllegalStateException("Cannot tag " + repository + ":" + from + " as " + to + ": PUT "
                        + put.statusCode() + " " + put.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code hack/selftest.sh args...} against the installation (as {@code hack/up.sh} and the
     * sandbox VM do) and returns its report, which stays in the build folder as selftest-report.txt.
     *
     * @throws IllegalStateException with the report and the script's log when a check fails
     */
    public static String selftest(TestCluster cluster, List<String> args) {
        String report = Scripts.run(RepositoryLayout.root().resolve("hack/selftest.sh"), args,
                Map.of("KUBECONFIG", cluster.kubeconfig().toString(), "KUBECTL", cluster.kubectlCommand()),
                RepositoryLayout.buildDir().resolve("slipway-selftest.log"), SELFTEST_TIMEOUT);
        try {
            Files.writeString(RepositoryLayout.buildDir().resolve("selftest-report.txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report;
    }

    /** Removes the two Deployments and waits for their pods to go; CRDs, roles and the namespace stay. */
    public static void uninstall(TestCluster cluster) {
        for (String deployment : DEPLOYMENTS) {
            // Foreground: kubectl returns when the ReplicaSets and pods are gone too.
            kubectl(cluster, "-n", "slipway-system", "delete", deployment, "--ignore-not-found",
                    "--cascade=foreground", ROLLOUT_TIMEOUT);
        }
    }

    /**
     * hack/local-install with the controller watching {@code namespaces} only, and Slipway's images
     * under {@code tag} unless it is null: a kustomization in the build folder. The namespaces are
     * part of what is applied, so no controller pod ever watches every namespace; set afterwards, the
     * first rollout's pods would reconcile the other test classes' Apps until they were replaced.
     */
    private static Path scopedInstall(Path root, String namespaces, String tag) {
        try {
            Path dir = Files.createDirectories(RepositoryLayout.buildDir().resolve("slipway-install")).toRealPath();
            // kustomize takes a base by a relative path only.
            Path base = dir.relativize(root.resolve("hack/local-install").toRealPath());
            Files.writeString(dir.resolve("kustomization.yaml"), """
                    # Written by LocalInstall: hack/local-install, the controller limited to some namespaces.
                    apiVersion: kustomize.config.k8s.io/v1beta1
                    kind: Kustomization
                    resources:
                      - %s
                    patches:
                      - target: {kind: Deployment, name: slipway-controller}
                        patch: |
                          - op: add
                            path: /spec/template/spec/containers/0/env/-
                            value: {name: SLIPWAY_NAMESPACES, value: "%s"}
                    """.formatted(base, namespaces) + (tag == null ? "" : """
                    images:
                      - {name: %1$s/slipway/controller, newTag: "%2$s"}
                      - {name: %1$s/slipway/api-server, newTag: "%2$s"}
                    """.formatted(RealNode.REGISTRY, tag)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kubectl(TestCluster cluster, String... args) {
        Kubectl.Result result = cluster.kubectl(null).run(args);
        if (!result.succeeded()) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + result);
        }
    }
}
