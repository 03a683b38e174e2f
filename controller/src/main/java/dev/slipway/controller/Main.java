package dev.slipway.controller;

import com.sun.net.httpserver.HttpServer;
import dev.slipway.controller.kube.ControllerClient;
import dev.slipway.kube.ResponseThreads;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller process: settings from the environment, the cluster from the kubeconfig or the
 * pod's service account, Prometheus metrics and health on {@code SLIPWAY_METRICS_PORT}, and a
 * graceful stop on SIGTERM (reconciles in progress finish; a release in flight resumes from its
 * status in whichever replica leads next).
 */
public final class Main {

    static {
        ResponseThreads.reuse();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        ControllerSettings settings;
        try {
            settings = ControllerSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("slipway-controller: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        KubernetesClient client = ControllerClient.create(Config.autoConfigure(null), registry);
        String identity = System.getenv().getOrDefault("POD_NAME", InetAddress.getLocalHost().getHostName())
                + "-" + ProcessHandle.current().pid();
        AtomicBoolean stopping = new AtomicBoolean();
        Operator operator = SlipwayOperator.create(client, settings, registry, identity, () -> {
            // Stopping gives the Lease up too; System.exit from within the shutdown would block for good.
            if (!stopping.get()) {
                LOG.error("Lost the Lease (not renewed in time, or taken by another replica); exiting so that "
                        + "this replica starts again as a follower");
                // From a thread of its own: this callback can run holding the leader elector's lock, which
                // the shutdown hook's stop takes too.
                new Thread(() -> System.exit(1), "slipway-lost-lease").start();
            }
        });
        HttpServer http = settings.metricsPort() > 0 ? serveMetrics(settings.metricsPort(), registry, operator) : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            LOG.info("Stopping");
            operator.stop();
            if (http != null) {
                http.stop(0);
            }
            client.close();
        }, "slipway-shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            // The metrics server's thread would keep the JVM alive, reconciling nothing, until a liveness
            // probe noticed; ending now lets the pod start again as soon as the kube-apiserver answers.
            LOG.error("Cannot start (is the kube-apiserver reachable?); exiting so that the pod is started again", e);
            System.exit(1);
        }
        LOG.info("Slipway controller {} started: namespaces {}, leader election {}, registry {}, builder images polled {}",
                identity, settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.leaderElection(),
                settings.registry(), settings.builderPollInterval().isZero() ? "never"
                        : "every " + settings.builderPollInterval().toSeconds() + " s");
    }

    private static HttpServer serveMetrics(int port, PrometheusMeterRegistry registry, Operator operator)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200, registry.scrape()));
        server.createContext("/healthz", exchange -> {
            boolean healthy = operator.getRuntimeInfo().allEventSourcesAreHealthy();
            respond(exchange, healthy ? 200 : 503, healthy ? "ok\n" : "event sources unhealthy\n");
        });
        server.start();
        return server;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
