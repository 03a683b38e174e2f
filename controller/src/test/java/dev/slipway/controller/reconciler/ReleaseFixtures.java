package dev.slipway.controller.reconciler;

import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.controller.build.BuildJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Given/When helpers for release engine and build tests: Apps written as users write them, in YAML. */
final class ReleaseFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReleaseFixtures() {
    }

    static App app(String yaml) {
        return Serialization.unmarshal(yaml, App.class);
    }

    static App create(KubernetesClient client, String yaml) {
        return client.resource(app(yaml)).create();
    }

    /**
     * An App built with the node builder from {@code https://git.example.com/<name>.git}; {@code spec}
     * is more of its spec (one line), {@code podMetadata} the lines under podMetadata, indented four spaces.
     */
    static String sourceApp(String name, String spec, String podMetadata) {
        return gitApp(name, "https://git.example.com/" + name + ".git", "builder: node",
                spec + "\n  podMetadata:\n" + podMetadata);
    }

    /** The Build once it has ended Complete or Failed. */
    static Build awaitBuildEnded(KubernetesClient client, Duration timeout, String name) {
        return await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resources(Build.class).withName(name).get(),
                        b -> b != null && b.getStatus() != null && (b.getStatus().getPhase() == BuildPhase.Complete
                                || b.getStatus().getPhase() == BuildPhase.Failed));
    }

    /** The build pod's steps' logs, in order, up to the step that failed. */
    static String buildLog(KubernetesClient client, Build build) {
        String pod = build.getStatus().getPodName();
        StringBuilder log = new StringBuilder();
        for (String container : new String[] {BuildJob.CLONE, BuildJob.DOCKERFILE, BuildJob.BUILD}) {
            try {
                log.append(client.pods().withName(pod).inContainer(container).getLog());
            } catch (KubernetesClientException e) {
                // 400: the step never started, because one before it failed.
                log.append("(").append(container).append(": no log, ").append(e.getStatus().getMessage()).append(")\n");
            }
        }
        return log.toString();
    }

    /**
     * An App built with {@code builder} from branch main of the repository at {@code url}; {@code spec}
     * is more of its spec, its lines after the first indented two spaces.
     */
    static String gitApp(String name, String url, String howBuilt, String spec) {
        return """
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s}
                spec:
                  source:
                    git: {url: "%s", ref: main}
                    %s
                  %s
                """.formatted(name, url, howBuilt, spec);
    }

    /**
     * Changes the App as a user's edit does; when the controller wrote the App between the read and
     * the write (a 409 Conflict), reads it again and makes the change again.
     */
    static App edit(KubernetesClient client, String name, UnaryOperator<App> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(App.class).withName(name).edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static Release release(KubernetesClient client, String name) {
        return client.resources(Release.class).withName(name).get();
    }

    /** Waits until the release reaches {@code phase} and returns it. */
    static Release awaitPhase(KubernetesClient client, String name, ReleasePhase phase) {
        return awaitPhase(client, client.getNamespace(), name, phase);
    }

    /** Waits until the release in {@code namespace} reaches {@code phase} and returns it. */
    static Release awaitPhase(KubernetesClient client, String namespace, String name, ReleasePhase phase) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resources(Release.class).inNamespace(namespace).withName(name).get(),
                        r -> r != null && r.getStatus() != null && r.getStatus().getPhase() == phase);
    }

    /** Waits until the build reaches {@code phase} and returns it. */
    static Build awaitBuild(KubernetesClient client, String name, BuildPhase phase) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> client.resources(Build.class).withName(name).get(),
                        b -> b != null && b.getStatus() != null && b.getStatus().getPhase() == phase);
    }
}
