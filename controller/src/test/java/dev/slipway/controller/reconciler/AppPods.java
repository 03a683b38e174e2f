package dev.slipway.controller.reconciler;

import dev.slipway.controller.model.Labels;
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

    /** The body of a GET, stripped; a request that fails answers "unreachable: " and why. */
    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
