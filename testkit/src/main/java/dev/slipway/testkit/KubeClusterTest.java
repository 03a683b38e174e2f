package dev.slipway.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that runs against the real test cluster. Its test methods, constructors and
 * lifecycle methods may take a {@link TestNamespace} (the class's own namespace, with a client and
 * kubectl bound to it) or a {@link TestCluster}.
 *
 * <p>The cluster is chosen once per JVM: the kubeconfig named by {@code SLIPWAY_TEST_KUBECONFIG};
 * else a Docker daemon's k3s (Testcontainers); else the local control plane of
 * {@code hack/local-cluster.sh}, its binaries built when missing. When none can be had the tests
 * fail and say what to install; they never skip.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubeClusterExtension.class)
public @interface KubeClusterTest {
}
