package dev.slipway.apiserver;

import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An API server for a test class, running in the test JVM on a free port as the ServiceAccount
 * of the shipped manifest (so a missing permission in manifests/rbac/api-server.yaml fails the
 * tests), with the shipped ClusterRoles installed, and plain HTTP helpers.
 */
public final class ApiFixture implements AutoCloseable {

    static final String SYSTEM_NAMESPACE = "slipway-system";
    static final String SERVER_ACCOUNT = "slipway-api-server";

    final ApiServer server;
    final KubernetesClient serverClient;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestNamespace namespace;

    private ApiFixture(TestNamespace namespace, ApiServer server, KubernetesClient serverClient) {
        this.namespace = namespace;
        this.server = server;
        this.serverClient = serverClient;
    }

    public static ApiFixture start(TestNamespace namespace, ApiServerSettings settings) {
        installRbac(namespace);
        KubernetesClient admin = namespace.client();
        KubernetesClient serverClient = clientAs(admin, tokenOf(admin, SYSTEM_NAMESPACE, SERVER_ACCOUNT));
        ApiServer server = ApiServer.start(serverClient, settings.withPort(0));
        server.awaitReady(Duration.ofSeconds(30));
        return new ApiFixture(namespace, server, serverClient);
    }

    public static ApiServerSettings testSettings() {
        return new ApiServerSettings("127.0.0.1", 0, java.util.Set.of(), "registry.test:5000", 8192, 1000, 2000,
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(5), 1000, "registry.test:5000",
                1024 * 1024, ApiServerSettings.ClientLimits.defaults());
    }

    static Path repoRoot() {
        String configured = System.getProperty("slipway.repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("manifests/rbac"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root");
    }

    /** The shipped ClusterRoles and the API server's own account, as an installation would apply them. */
    static void installRbac(TestNamespace namespace) {
        var kubectl = namespace.cluster().kubectl(null);
        kubectl.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + SYSTEM_NAMESPACE + "}\n");
        try (var files = Files.list(repoRoot().resolve("manifests/rbac"))) {
            files.sorted().forEach(file -> {
                var result = kubectl.apply(file);
                assertThat(result.succeeded()).as("kubectl apply %s: %s", file, result).isTrue();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the cluster {@code admin} talks to, as the owner of {@code token}. */
    static KubernetesClient clientAs(KubernetesClient admin, String token) {
        Config adminConfig = admin.getConfiguration();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData()).withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token).build()).build();
    }

    /** A token of a ServiceAccount, as TokenRequest issues them. */
    static String tokenOf(KubernetesClient admin, String ns, String account) {
        admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName(account).withNamespace(ns).endMetadata().build()).serverSideApply();
        return admin.serviceAccounts().inNamespace(ns).withName(account).tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
    }

    /** A ServiceAccount of the test namespace, bound to {@code clusterRole} there unless it is null, and its token. */
    public String user(String account, String clusterRole) {
        KubernetesClient admin = namespace.client();
        if (clusterRole != null) {
            bind(account, clusterRole);
        }
        return tokenOf(admin, namespace.name(), account);
    }

    void bind(String account, String clusterRole) {
        namespace.client().rbac().roleBindings().inNamespace(namespace.name()).resource(new RoleBindingBuilder()
                .withNewMetadata().withName(account + "-" + clusterRole).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(clusterRole).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(account).withNamespace(namespace.name()).endSubject()
                .build()).serverSideApply();
    }

    void unbind(String account, String clusterRole) {
        namespace.client().rbac().roleBindings().inNamespace(namespace.name()).withName(account + "-" + clusterRole)
                .delete();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path, token, Map.of()).GET().build());
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return post(path, token, json, "application/json");
    }

    HttpResponse<String> post(String path, String token, String body, String contentType) {
        HttpRequest.Builder builder = request(path, token, contentType == null ? Map.of() : Map.of("Content-Type", contentType));
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an App built from git at {@code ref}, and waits until the server's cache has it. */
    public void createApp(String name, String ref) {
        var result = namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  source:
                    git: {url: https://git.example.com/acme/%s.git, ref: %s}
                    builder: ruby
                """.formatted(name, name, ref));
        assertThat(result.succeeded()).as("%s", result).isTrue();
    }

    /** Applies {@code yaml} as kubectl does, then waits until the server's cache has each of {@code apps}. */
    public void apply(String yaml, String token, String... apps) {
        var result = namespace.kubectl().apply(yaml);
        assertThat(result.succeeded()).as("%s", result).isTrue();
        for (String app : apps) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(apps("/" + app), token).statusCode() == 200);
        }
    }

    public String apps(String suffix) {
        return "/api/v1/namespaces/" + namespace.name() + "/apps" + suffix;
    }

    @Override
    public void close() {
        server.close();
        serverClient.close();
    }
}
