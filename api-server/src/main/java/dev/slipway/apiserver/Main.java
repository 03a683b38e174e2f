package dev.slipway.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.util.concurrent.CountDownLatch;

/** Runs the API server with the in-cluster (or kubeconfig) credentials until the process is told to stop. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApiServerSettings settings = ApiServerSettings.fromEnvironment(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
        ApiServer server = ApiServer.start(client, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
