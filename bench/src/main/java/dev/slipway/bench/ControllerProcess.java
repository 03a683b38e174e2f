package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/** The controller as users run it (java -jar controller/target/slipway-controller.jar), in a JVM of its own. */
final class ControllerProcess extends SlipwayProcess {

    private static final Pattern WRITE = Pattern.compile(
            "^slipway_kube_requests_total\\{method=\"(POST|PUT|PATCH|DELETE)\"} ([0-9.eE+]+)$", Pattern.MULTILINE);

    ControllerProcess(Path root, Path kubeconfig, String namespace, int port, Path log) throws IOException,
            InterruptedException {
        super(root.resolve("controller/target/slipway-controller.jar"), Map.of(
                "KUBECONFIG", kubeconfig.toString(),
                "SLIPWAY_NAMESPACES", namespace,
                "SLIPWAY_LEADER_ELECTION", "false",
                "SLIPWAY_METRICS_PORT", Integer.toString(port)), port, "/healthz", log);
    }

    /** Create, update, patch and delete requests the controller has sent since it started. */
    long writes() throws IOException, InterruptedException {
        return (long) Bench.sum(WRITE, metrics(), 2);
    }
}
