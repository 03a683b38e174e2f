package dev.slipway.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The namespace a test class owns on the test cluster, with a client and kubectl bound to it. The
 * kit deletes it after the class.
 */
public final class TestNamespace {

    private final String name;
    private final TestCluster cluster;
    private final KubernetesClient client;

    TestNamespace(String name, TestCluster cluster, KubernetesClient client) {
        this.name = name;
        this.cluster = cluster;
        this.client = client;
    }

    public String name() {
        return name;
    }

    /** A client whose default namespace is this one; the kit closes it. */
    public KubernetesClient client() {
        return client;
    }

    /** kubectl with {@code --namespace} set to this one. */
    public Kubectl kubectl() {
        return cluster.kubectl(name);
    }

    public TestCluster cluster() {
        return cluster;
    }

    @Override
    public String toString() {
        return name;
    }
}
