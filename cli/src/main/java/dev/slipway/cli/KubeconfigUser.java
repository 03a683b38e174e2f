package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The current context's user of a kubeconfig, and the bearer token it gives as kubectl reads it: a
 * token, a token file, or an exec credential plugin (as EKS, GKE and AKS configure). The Kubernetes
 * client reads only the first of these eagerly; the command line needs the token itself.
 */
final class KubeconfigUser {

    private static final long PLUGIN_SECONDS = 60;
    private final AuthInfo user;
    private final Path folder;

    private KubeconfigUser(AuthInfo user, Path folder) {
        this.user = user;
        this.folder = folder;
    }

    /** The kubeconfig that {@code KUBECONFIG} names first, else {@code ~/.kube/config}; empty user when there is none. */
    static KubeconfigUser current(Map<String, String> env) {
        String configured = env.get("KUBECONFIG");
        Path file = configured != null && !configured.isBlank()
                ? Path.of(configured.split(java.io.File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        if (!Files.isRegularFile(file)) {
            return new KubeconfigUser(new AuthInfo(), file.toAbsolutePath().getParent());
        }
        Config config;
        try (InputStream in = Files.newInputStream(file)) {
            config = Serialization.unmarshal(in, Config.class);
        } catch (IOException e) {
            throw new CliException("the kubeconfig " + file + " cannot be read: " + e.getMessage());
        }
        String userName = config.getContexts() == null ? null : config.getContexts().stream()
                .filter(c -> c.getName().equals(config.getCurrentContext())).findFirst()
                .map(NamedContext::getContext).map(c -> c.getUser()).orElse(null);
        AuthInfo user = config.getUsers() == null ? null : config.getUsers().stream()
                .filter(u -> u.getName().equals(userName)).findFirst().map(NamedAuthInfo::getUser).orElse(null);
        return new KubeconfigUser(user == null ? new AuthInfo() : user, file.toAbsolutePath().getParent());
    }

    /**
     * The user's bearer token; null when it has none.
     *
     * @throws CliException when it has a client certificate and no token (Slipway's API takes tokens only),
     *                      or when its token file or credential plugin fails
     */
    String token() {
        if (user.getToken() != null && !user.getToken().isBlank()) {
            return user.getToken();
        }
        if (user.getTokenFile() != null) {
            try {
                return Files.readString(folder.resolve(user.getTokenFile())).strip();
            } catch (IOException e) {
                throw new CliException("the kubeconfig's token file " + user.getTokenFile() + " cannot be read: "
                        + e.getMessage());
            }
        }
        if (user.getExec() != null) {
            return fromPlugin(user.getExec());
        }
        if (user.getClientCertificate() != null || user.getClientCertificateData() != null) {
            throw new CliException("the kubeconfig's user has a client certificate but no token, and Slipway's API takes"
                    + " bearer tokens: get one with `kubectl create token <serviceaccount>` and pass it with --token or"
                    + " SLIPWAY_TOKEN");
        }
        return null;
    }

    /** Runs the plugin as kubectl does (not interactively) and takes status.token of the ExecCredential it prints. */
    private String fromPlugin(ExecConfig exec) {
        String command = exec.getCommand();
        // A relative path with a slash is relative to the kubeconfig's folder; a bare name is looked up in PATH.
        if (command.contains("/") && !Path.of(command).isAbsolute()) {
            command = folder.resolve(command).toString();
        }
        List<String> commandLine = new ArrayList<>(List.of(command));
        if (exec.getArgs() != null) {
            commandLine.addAll(exec.getArgs());
        }
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (exec.getEnv() != null) {
            exec.getEnv().forEach(e -> builder.environment().put(e.getName(), e.getValue()));
        }
        builder.environment().put("KUBERNETES_EXEC_INFO", "{\"apiVersion\":\"" + exec.getApiVersion()
                + "\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false}}");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(PLUGIN_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new CliException("the kubeconfig's credential plugin " + exec.getCommand() + " failed");
            }
            JsonNode token = new ObjectMapper().readTree(out).path("status").path("token");
            if (!token.isTextual()) {
                throw new CliException("the kubeconfig's credential plugin " + exec.getCommand() + " gave no token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new CliException("the kubeconfig's credential plugin " + exec.getCommand() + " cannot run: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while the credential plugin ran");
        }
    }
}
