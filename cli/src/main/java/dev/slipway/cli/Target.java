package dev.slipway.cli;

import io.fabric8.kubernetes.client.Config;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.URI;
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
        return new ApiClient(uri, bearer());
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
