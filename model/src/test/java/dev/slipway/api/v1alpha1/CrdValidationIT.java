package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.Kubectl;
import dev.slipway.testkit.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs on a real API server, used the way users use them: with kubectl. Good descriptors are
 * accepted and shown with their columns; bad ones are refused with a message that names the field.
 */
@KubeClusterTest
class CrdValidationIT {

    private static final Path REPO = Path.of(System.getProperty("slipway.repo.root", ".."));

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(REPO.resolve("docs/examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAccepted(Path example, TestNamespace namespace) {
        Kubectl.Result applied = namespace.kubectl().apply(example);

        assertThat(applied.succeeded()).as("%s", applied).isTrue();
    }

    @Test
    void kubectlGetShowsThePrinterColumns(TestNamespace namespace) {
        namespace.kubectl().apply(REPO.resolve("docs/examples/prebuilt-image.yaml"));
        namespace.kubectl().apply(REPO.resolve("docs/examples/canary-route.yaml"));
        namespace.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: Build
                metadata: {name: billing-build-1}
                spec:
                  app: billing
                  source: {git: {url: https://git.example.com/acme/billing.git, ref: main, commit: 3f2a9c1}}
                  output: {image: registry.slipway-system.svc:5000/demo/billing}
                  trigger: requested by alice
                """);

        assertThat(header(namespace, "apps")).containsExactly("NAME", "PHASE", "REVISION", "URL", "AGE");
        assertThat(header(namespace, "builds")).containsExactly("NAME", "APP", "PHASE", "IMAGE", "AGE");
        assertThat(header(namespace, "builds", "-o", "wide")).containsExactly("NAME", "APP", "PHASE", "IMAGE", "AGE",
                "BUILDER");
        assertThat(header(namespace, "routes.slipway.dev")).containsExactly("NAME", "HOST", "ADMITTED", "AGE");
        assertThat(namespace.kubectl().run("get", "sapp", "billing", "-o", "name").stdout().strip())
                .isEqualTo("app.slipway.dev/billing");
        assertThat(namespace.kubectl().run("get", "slipway", "-o", "name").stdout().lines())
                .contains("app.slipway.dev/billing", "build.slipway.dev/billing-build-1",
                        "route.slipway.dev/billing-canary");
    }

    private static List<String> header(TestNamespace namespace, String resource, String... options) {
        List<String> args = new ArrayList<>(List.of("get", resource));
        args.addAll(List.of(options));
        Kubectl.Result listed = namespace.kubectl().run(args.toArray(String[]::new));
        assertThat(listed.succeeded()).as("%s", listed).isTrue();
        return List.of(listed.stdout().lines().findFirst().orElseThrow().split("\\s+"));
    }

    @Test
    void releaseColumnsAndImmutableSpec(TestNamespace namespace) {
        String release = """
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: billing-1}
                spec: {app: billing, revision: 1, image: registry.example.com/billing:1, reason: "requested by alice: first"}
                """;
        assertThat(namespace.kubectl().apply(release).succeeded()).isTrue();

        Kubectl.Result listed = namespace.kubectl().run("get", "rel");
        Kubectl.Result changed = namespace.kubectl().apply(release.replace("billing:1", "billing:2"));

        assertThat(header(namespace, "rel")).containsExactly("NAME", "APP", "REVISION", "PHASE", "REASON", "AGE");
        assertThat(listed.stdout()).contains("requested by alice: first");
        assertThat(changed.succeeded()).isFalse();
        assertThat(changed.stderr()).contains("spec.image").contains("image cannot change once set");
    }

    @Test
    void aReleasesApprovalCanBeTurnedOnButNeverOff(TestNamespace namespace) {
        String release = """
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata: {name: vault-1}
                spec: {app: vault, revision: 1, image: registry.example.com/vault:1, approval: %s}
                """;
        assertThat(namespace.kubectl().apply(release.formatted("{required: false}")).succeeded()).isTrue();

        Kubectl.Result on = namespace.kubectl().apply(release.formatted("{required: true, expiresAfterSeconds: 600}"));
        Kubectl.Result off = namespace.kubectl().apply(release.formatted("{required: false}"));

        assertThat(on.succeeded()).as("%s", on).isTrue();
        assertThat(off.succeeded()).isFalse();
        assertThat(off.stderr()).contains("approval may be turned on, never off");
    }

    @Test
    void kubectlExplainDescribesFields(TestNamespace namespace) {
        // The API server publishes a new CRD's OpenAPI schema a moment after the CRD is established.
        Kubectl.Result explained = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> namespace.kubectl().run("explain", "app.spec.hooks.mid"), Kubectl.Result::succeeded);

        assertThat(explained.stdout()).contains("Recreate only").contains("failurePolicy").contains("command");
    }

    /** A descriptor that must be refused, and what the refusal must name. */
    record Bad(String why, String yaml, List<String> expected) {
        @Override
        public String toString() {
            return why;
        }
    }

    static List<Bad> badDescriptors() {
        return List.of(
                new Bad("both source and image", app("""
                        source: {git: {url: https://git.example.com/a.git}}
                        image: nginx"""), List.of("spec", "exactly one of source")),
                new Bad("neither source nor image", app("replicas: 1"), List.of("spec", "exactly one of source")),
                new Bad("mid hook with Rolling", app("""
                        image: nginx
                        strategy: {type: Rolling}
                        hooks: {mid: {command: [migrate]}}"""), List.of("spec.hooks.mid", "Recreate")),
                new Bad("mid hook with no strategy", app("""
                        image: nginx
                        hooks: {mid: {command: [migrate]}}"""), List.of("spec.hooks.mid")),
                new Bad("unknown strategy type", app("""
                        image: nginx
                        strategy: {type: BlueGreen}"""), List.of("spec.strategy.type", "Unsupported value")),
                new Bad("strategy without type", app("""
                        image: nginx
                        strategy: {timeoutSeconds: 60}"""), List.of("spec.strategy.type", "Required value")),
                new Bad("rolling parameters with Recreate", app("""
                        image: nginx
                        strategy: {type: Recreate, rolling: {maxSurge: 1}}"""), List.of("spec.strategy.rolling")),
                new Bad("maxSurge not a number or percentage", app("""
                        image: nginx
                        strategy: {type: Rolling, rolling: {maxSurge: lots}}"""), List.of("spec.strategy.rolling.maxSurge")),
                new Bad("unknown failurePolicy", app("""
                        image: nginx
                        hooks: {pre: {command: [check], failurePolicy: Sometimes}}"""),
                        List.of("spec.hooks.pre.failurePolicy", "Unsupported value")),
                new Bad("hook without command", app("""
                        image: nginx
                        hooks: {pre: {failurePolicy: Abort}}"""), List.of("spec.hooks.pre.command", "Required value")),
                new Bad("hook with empty command", app("""
                        image: nginx
                        hooks: {post: {command: []}}"""), List.of("spec.hooks.post.command")),
                new Bad("maxAttempts without Retry", app("""
                        image: nginx
                        hooks: {pre: {command: [check], maxAttempts: 3}}"""), List.of("spec.hooks.pre.maxAttempts")),
                new Bad("port out of range", app("""
                        image: nginx
                        port: 70000"""), List.of("spec.port", "65535")),
                new Bad("negative replicas", app("""
                        image: nginx
                        replicas: -1"""), List.of("spec.replicas")),
                new Bad("health check path without /", app("""
                        image: nginx
                        healthCheck: {path: healthz}"""), List.of("spec.healthCheck.path")),
                new Bad("git url that is not a URL", app("source: {git: {url: not a url}}"),
                        List.of("spec.source.git.url")),
                new Bad("git source without a URL", app("source: {git: {ref: main}, builder: ruby}"),
                        List.of("spec.source.git.url", "Required value")),
                new Bad("webhook Secret name that no Secret can have",
                        app("source: {git: {url: https://git.example.com/a.git}, webhookSecret: {name: Hook_Secret}}"),
                        List.of("spec.source.webhookSecret.name")),
                new Bad("credentials Secret name that no Secret can have",
                        app("source: {git: {url: https://git.example.com/a.git, credentialsSecret: {name: Git_Token}}}"),
                        List.of("spec.source.git.credentialsSecret.name")),
                new Bad("ref with a character git refuses and a pattern does not use",
                        app("source: {git: {url: https://git.example.com/a.git, ref: \"v?\"}}"),
                        List.of("spec.source.git.ref")),
                new Bad("dockerfile leaving the repository",
                        app("source: {git: {url: https://git.example.com/a.git}, dockerfile: ../Dockerfile}"),
                        List.of("spec.source.dockerfile")),
                new Bad("a builder and a dockerfile",
                        app("source: {git: {url: https://git.example.com/a.git}, builder: ruby, dockerfile: Dockerfile}"),
                        List.of("spec.source", "name a builder or a dockerfile, not both")),
                new Bad("contextDir leaving the repository", app("source: {git: {url: https://git.example.com/a.git, contextDir: a/../../etc}}"),
                        List.of("spec.source.git.contextDir")),
                new Bad("env var with value and valueFrom", app("""
                        image: nginx
                        env: [{name: A, value: x, valueFrom: {secretKeyRef: {name: s, key: k}}}]"""),
                        List.of("spec.env[0].valueFrom")),
                new Bad("env var without name", app("""
                        image: nginx
                        env: [{value: x}]"""), List.of("spec.env[0].name", "Required value")),
                new Bad("cpu that is not a quantity", app("""
                        image: nginx
                        resources: {requests: {cpu: a lot}}"""), List.of("spec.resources.requests.cpu")),
                new Bad("route host with capitals", app("""
                        image: nginx
                        routes: [{host: Shop.Example.com}]"""), List.of("spec.routes[0].host")),
                new Bad("unknown TLS termination", app("""
                        image: nginx
                        routes: [{host: shop.example.com, tls: {termination: edgy}}]"""),
                        List.of("spec.routes[0].tls.termination", "Unsupported value")),
                new Bad("unknown insecure policy", app("""
                        image: nginx
                        routes: [{host: shop.example.com, tls: {termination: edge, insecure: Sometimes}}]"""),
                        List.of("spec.routes[0].tls.insecure", "Unsupported value")),
                new Bad("misspelled field", app("""
                        image: nginx
                        replica: 3"""), List.of(".spec.replica", "field not declared in schema")),
                new Bad("app name that is not a DNS label", """
                        apiVersion: slipway.dev/v1alpha1
                        kind: App
                        metadata: {name: shop.v2}
                        spec: {image: nginx}
                        """, List.of("metadata.name")),
                new Bad("route weight above 256", route("to: {service: shop, weight: 300}"), List.of("spec.to.weight", "256")),
                new Bad("route without backend", route("host: shop.example.com"), List.of("spec.to", "Required value")),
                new Bad("four alternate backends", route("""
                        to: {service: shop}
                        alternateBackends: [{service: a}, {service: b}, {service: c}, {service: d}]"""),
                        List.of("spec.alternateBackends", "must have at most 3 items")),
                new Bad("passthrough with a secret", route("""
                        to: {service: shop}
                        tls: {termination: passthrough, secretName: shop-tls}"""), List.of("spec.tls.secretName")),
                new Bad("release revision 0", release("{app: shop, revision: 0}"), List.of("spec.revision")),
                new Bad("release without app", release("{revision: 2}"), List.of("spec.app", "Required value")),
                new Bad("rollback to a later revision", release("{app: shop, revision: 2, rollbackOf: 3}"),
                        List.of("spec.rollbackOf")),
                new Bad("build without output", """
                        apiVersion: slipway.dev/v1alpha1
                        kind: Build
                        metadata: {name: shop-build-1}
                        spec: {app: shop, source: {git: {url: https://git.example.com/a.git}}}
                        """, List.of("spec.output", "Required value")),
                new Bad("build of git and an upload at once", """
                        apiVersion: slipway.dev/v1alpha1
                        kind: Build
                        metadata: {name: shop-build-2}
                        spec:
                          app: shop
                          source:
                            git: {url: https://git.example.com/a.git}
                            upload: {digest: "sha256:%s"}
                          output: {image: registry.slipway-system.svc:5000/demo/shop}
                        """.formatted("a".repeat(64)), List.of("spec.source", "git or upload, exactly one")),
                new Bad("build of an upload named by something not a digest", """
                        apiVersion: slipway.dev/v1alpha1
                        kind: Build
                        metadata: {name: shop-build-3}
                        spec:
                          app: shop
                          source: {upload: {digest: "latest"}}
                          output: {image: registry.slipway-system.svc:5000/demo/shop}
                        """, List.of("spec.source.upload.digest")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDescriptors")
    void badDescriptorIsRefusedNamingTheField(Bad bad, TestNamespace namespace) {
        Kubectl.Result applied = namespace.kubectl().apply(bad.yaml());

        assertThat(applied.succeeded()).as("%s was accepted", bad.why()).isFalse();
        assertThat(applied.stderr()).as("the refusal of %s", bad.why()).contains(bad.expected());
    }

    private static String app(String spec) {
        return "apiVersion: slipway.dev/v1alpha1\nkind: App\nmetadata: {name: bad}\nspec:\n"
                + spec.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    private static String route(String spec) {
        return "apiVersion: slipway.dev/v1alpha1\nkind: Route\nmetadata: {name: bad}\nspec:\n"
                + spec.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }

    private static String release(String spec) {
        return "apiVersion: slipway.dev/v1alpha1\nkind: Release\nmetadata: {name: bad}\nspec: " + spec + "\n";
    }
}
