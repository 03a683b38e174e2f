package dev.slipway.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where commands go and as whom: the API server's address, the namespace and the token. Unset
 * ones come from the environment ({@code SLIPWAY_API_SERVER}, {@code SLIPWAY_TOKEN}) and the
 * current kubeconfig (its context's namespace, and its user's token, token file or credential plugin).
 */
public final class Target {

    @Option(names = "--server", scope = CommandLine.ScopeType.INHERIT, description = "API server address (default: $SLIPWAY_API_SERVER)")
    String server;

    @Option(names = {"-n", "--namespace"}, scope = CommandLine.ScopeType.INHERIT, description = "Namespace (default: the kubeconfig context's)")
    String namespace;

    @Option(names = "--token", scope = CommandLine.ScopeType.INHERIT, description = "Bearer token (default: $SLIPWAY_TOKEN, else the kubeconfig user's token)")
    String token;

    private Map<String, String> env = System.getenv();
    private Config kubeconfig;

    void environment(Map<String, String> environment) {
        this.env = environment;
    }

    private Config kubeconfig() {
        if (kubeconfig == null) {
            kubeconfig = Config.autoConfigure(null);
        }
        return kubeconfig;
    }

    public ApiClient client() {
        return new ApiClient(server(), bearer());
    }

    /** The API server's address, ending in a slash so that API paths resolve under it. */
    public URI server() {
        String address = server != null ? server : env.get("SLIPWAY_API_SERVER");
        if (address == null || address.isBlank()) {
            throw new CliException("no API server: pass --server or set SLIPWAY_API_SERVER");
        }
        URI uri;
        try {
            uri = URI.create(address.endsWith("/") ? address : address + "/");
        } catch (IllegalArgumentException e) {
            throw new CliException("the API server address '" + address + "' is not a URL");
        }
        return uri;
    }

    /**
     * A Kubernetes client of the current kubeconfig (the first file {@code KUBECONFIG} names, else
     * the default places), with its own credentials: client certificates work here too.
     */
    public KubernetesClient kubernetes() {
        String configured = env.get("KUBECONFIG");
        Config config;
        if (configured == null || configured.isBlank()) {
            config = kubeconfig();
        } else {
            Path file = Path.of(configured.split(File.pathSeparator)[0]);
            try {
                config = Config.fromKubeconfig(null, Files.readString(file), file.toString());
            } catch (IOException e) {
                throw new CliException("the kubeconfig " + file + " cannot be read: " + e.getMessage());
            }
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** {@code --token}, else {@code $SLIPWAY_TOKEN}, else the kubeconfig user's token ({@link KubeconfigUser}). */
    public String bearer() {
        if (token != null) {
            return token;
        }
        String fromEnv = env.get("SLIPWAY_TOKEN");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : KubeconfigUser.current(env).token();
    }

    public String namespace() {
        if (namespace != null) {
            return namespace;
        }
        String configured = kubeconfig().getNamespace();
        return configured == null ? "default" : configured;
    }

    /** The API path of the namespace's apps, or of one app when {@code app} is not null. */
    public String apps(String app) {
        return "api/v1/namespaces/" + namespace() + "/apps" + (app == null ? "" : "/" + app);
    }
}
