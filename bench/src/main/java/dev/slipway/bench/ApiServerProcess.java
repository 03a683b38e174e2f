package dev.slipway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API server as users run it (java -jar api-server/target/slipway-api-server.jar), in a JVM of
 * its own on 127.0.0.1 with the credentials of a kubeconfig: whether it lives through what it is
 * sent, and its memory, are its own.
 */
final class ApiServerProcess extends SlipwayProcess {

    /** @param settings {@code SLIPWAY_API_*} variables beyond the address, port and namespace */
    ApiServerProcess(Path root, Path kubeconfig, String namespace, Map<String, String> settings, Path log)
            throws IOException, InterruptedException {
        this(root, kubeconfig, namespace, settings, log, Bench.freePort());
    }

    private ApiServerProcess(Path root, Path kubeconfig, String namespace, Map<String, String> settings, Path log,
                             int port) throws IOException, InterruptedException {
        super(root.resolve("api-server/target/slipway-api-server.jar"), List.of(), env(kubeconfig, namespace, settings, port), port,
                "/readyz", log);
    }

    private static Map<String, String> env(Path kubeconfig, String namespace, Map<String, String> settings, int port) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("SLIPWAY_API_HOST", "127.0.0.1");
        env.put("SLIPWAY_API_PORT", Integer.toString(port));
        env.put("SLIPWAY_NAMESPACES", namespace);
        return env;
    }
}
