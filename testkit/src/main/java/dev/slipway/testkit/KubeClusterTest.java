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
 *
 * <p>On the local control plane pods run on kwok's fake node unless the class asks for
 * {@link #realNode()}: then the kit adds the real node (containerd, kubelet, kube-proxy; it needs
 * root) to the cluster if it is not there yet, and every pod of the class's namespace runs on it, with
 * real images, probes, exit codes and logs. A real node that cannot start fails the class and says
 * why. On k3s or a named kubeconfig every node is real and the attribute changes nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubeClusterExtension.class)
public @interface KubeClusterTest {

    /** Whether the class's pods must run real containers rather than on the fake node. */
    boolean realNode() default false;
}
