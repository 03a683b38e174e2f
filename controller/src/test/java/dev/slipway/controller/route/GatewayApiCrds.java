package dev.slipway.controller.route;

import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs the Gateway API standard CRDs (of the version in hack/versions.env, from the Go module
 * sigs.k8s.io/gateway-api via hack/gateway-api-crds.sh) into the test cluster, once per JVM, for
 * the tests that need them. CRDs are cluster-wide: later test classes of the JVM see them too.
 */
final class GatewayApiCrds {

    private static boolean installed;

    private GatewayApiCrds() {
    }

    /**
     * The standard channel and, from the experimental one, TLSRoute alone (what passthrough routes
     * need); the rest of the experimental channel is left out.
     */
    static synchronized void install(TestCluster cluster) {
        if (installed) {
            return;
        }
        Kubectl kubectl = cluster.kubectl(null);
        apply(kubectl, crdFolder("standard"));
        apply(kubectl, crdFolder("experimental").resolve("gateway.networking.k8s.io_tlsroutes.yaml"));
        Kubectl.Result established = kubectl.run("wait", "--for=condition=Established", "--timeout=60s",
                "crd/gateways.gateway.networking.k8s.io", "crd/httproutes.gateway.networking.k8s.io",
                "crd/tlsroutes.gateway.networking.k8s.io");
        if (!established.succeeded()) {
            throw new IllegalStateException("The Gateway API CRDs did not become established: " + established);
        }
        installed = true;
    }

    private static void apply(Kubectl kubectl, Path files) {
        Kubectl.Result applied = kubectl.run("apply", "--server-side", "-f", files.toString());
        if (!applied.succeeded()) {
            throw new IllegalStateException("Cannot install the Gateway API CRDs of " + files + ": " + applied);
        }
    }

    private static Path crdFolder(String channel) {
        Path script = repositoryRoot().resolve("hack/gateway-api-crds.sh");
        try {
            Process process = new ProcessBuilder("bash", script.toString(), channel).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed: " + err);
            }
            return Path.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("slipway.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("hack/gateway-api-crds.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find hack/gateway-api-crds.sh above " + Path.of("").toAbsolutePath());
    }
}
