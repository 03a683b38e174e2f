package dev.slipway.apiserver;

import dev.slipway.kube.ResponseThreads;
import dev.slipway.kube.TokenRefresh;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

import java.util.concurrent.CountDownLatch;

/** Runs the API server with the in-cluster (or kubeconfig) credentials until the process is told to stop. */
public final class Main {

    static {
        ResponseThreads.reuse();
    }

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApiServerSettings settings = ApiServerSettings.fromEnvironment(System.getenv());
        KubernetesClient client = client(Config.autoConfigure(null));
        ApiServer server = ApiServer.start(client, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }

    /** The API server's own client, on the JDK's HTTP client; fabric8's token refresh left out for a certificate. */
    static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withHttpClientBuilderConsumer(b -> TokenRefresh.leaveOutForCertificates(b, config)).build();
    }
}
