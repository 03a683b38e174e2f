package dev.slipway.testkit;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit 5 side of {@link KubeClusterTest}: one cluster per JVM (in the root store, closed when
 * the run ends), CRDs installed once, a namespace per test class, a dump when a test failed.
 */
public final class KubeClusterExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {

    private static final Logger LOG = LoggerFactory.getLogger(KubeClusterExtension.class);
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubeClusterExtension.class);

    /** The JVM's cluster with its CRDs installed; closing the root store stops it. */
    private static final class SharedCluster implements AutoCloseable {
        final TestCluster cluster;

        SharedCluster() {
            cluster = TestClusters.start();
            try (KubernetesClient client = cluster.newClient(null)) {
                CrdInstaller.install(client, RepositoryLayout.crds());
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestCluster cluster = context.getRoot().getStore(STORE)
                .computeIfAbsent(SharedCluster.class, k -> new SharedCluster(), SharedCluster.class).cluster;
        KubeClusterTest settings = context.getRequiredTestClass().getAnnotation(KubeClusterTest.class);
        boolean realNode = settings != null && settings.realNode();
        if (realNode) {
            cluster.ensureRealNode();
        }
        String name = namespaceName(context.getRequiredTestClass());
        KubernetesClient client = cluster.newClient(name);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("slipway.dev/test-class", truncate(context.getRequiredTestClass().getSimpleName(), 63))
                .addToAnnotations(realNode && cluster.kind() == TestCluster.Kind.LOCAL ? RealNode.NAMESPACE_ANNOTATIONS
                        : Map.of())
                .endMetadata().build()).create();
        // The ServiceAccount admission plugin refuses pods until the namespace's default account exists.
        client.serviceAccounts().inNamespace(name).withName("default")
                .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
        context.getStore(STORE).put(TestNamespace.class, new TestNamespace(name, cluster, client));
        LOG.info("{} runs in namespace {} on {}", context.getRequiredTestClass().getSimpleName(), name, cluster);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            classContext(context).getStore(STORE).put("failed", Boolean.TRUE);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestNamespace namespace = context.getStore(STORE).remove(TestNamespace.class, TestNamespace.class);
        if (namespace == null) {
            return;
        }
        try (KubernetesClient client = namespace.client()) {
            boolean failed = context.getStore(STORE).get("failed") != null || context.getExecutionException().isPresent();
            if (failed) {
                Path dir = RepositoryLayout.buildDir().resolve("cluster-dumps").resolve(context.getRequiredTestClass().getName());
                ClusterDump.write(client, namespace.name(), dir);
                LOG.warn("A test of {} failed: namespace {} dumped to {}", context.getRequiredTestClass().getSimpleName(),
                        namespace.name(), dir);
            }
            client.namespaces().withName(namespace.name()).delete();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestNamespace.class || type == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestNamespace namespace = classContext(context).getStore(STORE).get(TestNamespace.class, TestNamespace.class);
        if (namespace == null) {
            throw new IllegalStateException("The test namespace is made before all tests of a class; it is not"
                    + " available here");
        }
        return parameter.getParameter().getType() == TestCluster.class ? namespace.cluster() : namespace;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /** A DNS label from the class name plus a random suffix, so reruns never meet a terminating namespace. */
    static String namespaceName(Class<?> testClass) {
        String base = testClass.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
        return truncate("t-" + base, 57).replaceAll("-+$", "") + "-" + suffix;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
