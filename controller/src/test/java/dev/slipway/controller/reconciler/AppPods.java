package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestCluster;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What an App's pods on the real node answer over HTTP; the host reaches pods on the node's bridge. */
final class AppPods {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private AppPods() {
    }

    /** The body each running pod of the App (not terminating) serves at {@code /} on 8080, stripped. */
    static List<String> answers(KubernetesClient client, String app) {
        return client.pods().withLabel(Labels.APP, app).withLabel(Labels.ROLE, Labels.WEB).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null && p.getStatus().getPodIP() != null)
                .map(p -> get("http://" + p.getStatus().getPodIP() + ":8080/")).toList();
    }

    /**
     * Creates an App of the real node's web sample serving {@code message}, probed every second, with
     * a route for {@code host}.
     */
    static void createWebSample(TestNamespace namespace, String name, int replicas, String message, String host) {
        ReleaseFixtures.create(namespace.client(), """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  image: %s
                  replicas: %d
                  env: [{name: MESSAGE, value: "%s"}]
                  healthCheck: {path: /healthz, periodSeconds: 1}
                  routes: [{host: %s}]
                """.formatted(name, RealNode.webSampleImage(namespace.cluster()), replicas, message, host));
    }

    /** What the local cluster's ingress controller answers at {@code /} for {@code host}, as {@link #get}. */
    static String throughIngress(TestCluster cluster, String host) {
        return get("http://" + RealNode.ingressAddress(cluster) + "/", host);
    }

    /** The body of a GET, stripped; a request that fails answers "unreachable: " and why. */
    static String get(String url) {
        return get(url, null);
    }

    private static String get(String url, String host) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (host != null) {
            request.header("Host", host);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
