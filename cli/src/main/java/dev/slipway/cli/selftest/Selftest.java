package dev.slipway.cli.selftest;

import static dev.slipway.cli.selftest.SelftestContext.expect;

import dev.slipway.cli.CliException;
import dev.slipway.cli.selftest.CheckResult.Outcome;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code slipway selftest}: proves, on the cluster of the current kubeconfig and the installed API
 * server, each capability that the docs promise, in a namespace of its own that it removes after,
 * also when interrupted. Checks run in order, each building on the ones before ({@link WebAppChecks},
 * {@link SourceAppChecks}), and each prints PASS or FAIL with what it saw; a check whose groundwork
 * failed fails at once, saying which.
 */
public final class Selftest {

    /**
     * What the command was given. {@code sampleImage} null: the one beside the installed API server's
     * image; {@code timeout}: how long one check may take.
     */
    public record Options(String namespace, Map<String, String> namespaceAnnotations, String sampleImage,
                          String gitUrl, String ingress, Duration timeout, boolean keepOnFailure) {
    }

    private static final String INSTALLATION = "slipway-system";

    private final KubernetesClient kube;
    private final Options options;
    private final SelftestReport report;
    private final SelftestContext context;
    private WebAppChecks web;
    private SourceAppChecks source;
    private UploadCheck uploads;
    private volatile boolean cleanedUp;

    private Selftest(KubernetesClient kube, URI server, Options options, SelftestReport report) {
        this.kube = kube;
        this.options = options;
        this.report = report;
        this.context = new SelftestContext(server, new SelftestHttp(options.ingress()),
                new SelftestNamespace(kube, options.namespace()), options.timeout());
    }

    /** Runs every check and prints the report; answers the exit code (0 only when none failed). */
    public static int run(KubernetesClient kube, URI server, Options options, PrintWriter out, boolean json) {
        Selftest selftest = new Selftest(kube, server, options, new SelftestReport(out, json));
        // Ctrl-C: the namespace goes all the same.
        Thread onExit = new Thread(() -> selftest.cleanup(false), "selftest-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        long started = System.nanoTime();
        String cleanup;
        try {
            selftest.checkAll();
        } finally {
            cleanup = selftest.cleanup(selftest.report.anyFailed() && options.keepOnFailure());
            Runtime.getRuntime().removeShutdownHook(onExit);
        }
        return selftest.report.finish(options.namespace(), cleanup, (System.nanoTime() - started) / 1e9);
    }

    private void checkAll() {
        check("api", this::apiServerReady);
        check("namespace", this::prepareNamespace, "api");
        try {
            check("deploy", web::deploy, "namespace");
            check("routes", web::routes, "deploy");
            check("triggers", web::configTrigger, "routes");
            check("rolling", web::rolling, "triggers");
            check("events", web::events, "triggers");
            check("access-control", web::accessControl, "deploy");
            check("recreate", web::recreate, "deploy");
            check("hooks", web::failingHookRollsBack, "recreate");
            check("rollback", web::manualRollback, "triggers");
            if (options.gitUrl() == null) {
                skip("builds", "no --git-url: a repository that the cluster's build pods can clone is needed");
                skip("detection", "no --git-url");
            } else {
                check("builds", source::buildFromSource, "namespace");
                check("detection", source::detection, "builds");
            }
            check("uploads", uploads::uploadedFolder, "namespace");
            check("webhooks", () -> source.webhooks(report.passed("builds")), "namespace");
            check("metrics", this::metrics, "api");
            skip("tls", "no certificate at hand: TLS routes are not checked");
        } finally {
            if (web != null) {
                web.close();
            }
        }
    }

    private String apiServerReady() {
        SelftestHttp.Response ready = context.http.get(context.server.resolve("readyz"), null);
        expect(ready.status() == 200, "GET /readyz answered " + ready.status() + ": " + ready.abbreviated());
        SelftestHttp.Response contract = context.http.get(context.server.resolve("openapi.yaml"), null);
        expect(contract.status() == 200 && contract.body().contains("openapi:"),
                "GET /openapi.yaml answered " + contract.status());
        return "the API server at " + context.server + " is ready and serves its contract";
    }

    private String prepareNamespace() {
        context.namespace.create(options.namespaceAnnotations());
        context.developer = context.namespace.token("selftest-developer", "slipway-developer");
        context.viewer = context.namespace.token("selftest-viewer", "slipway-viewer");
        String sampleImage = options.sampleImage() != null ? options.sampleImage() : installedSampleImage();
        web = new WebAppChecks(context, sampleImage);
        source = new SourceAppChecks(context, options.gitUrl());
        uploads = new UploadCheck(context);
        return "namespace " + context.namespace.name() + " with a developer and a viewer; sample image " + sampleImage;
    }

    private String metrics() {
        SelftestHttp.Response metrics = context.http.get(context.server.resolve("metrics"), null);
        expect(metrics.status() == 200, "GET /metrics answered " + metrics.status());
        long series = metrics.body().lines().filter(l -> l.startsWith("slipway_")).count();
        expect(series > 0, "GET /metrics has no slipway_ series");
        return series + " slipway_ series in Prometheus' text format";
    }

    /** The API server's image with its name changed: Slipway's images are built and shipped together. */
    private String installedSampleImage() {
        Deployment api = kube.apps().deployments().inNamespace(INSTALLATION).withName("slipway-api-server").get();
        expect(api != null, "no Deployment slipway-api-server in " + INSTALLATION + " to find the sample image by:"
                + " pass --sample-image");
        String image = api.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        expect(image.contains("/api-server:"), "the API server's image " + image + " is not named .../api-server:TAG:"
                + " pass --sample-image");
        return image.replace("/api-server:", "/sample-app:");
    }

    /** Runs one check within its own timeout, unless one of the checks it builds on did not pass. */
    private void check(String capability, Supplier<String> body, String... requires) {
        String missing = Arrays.stream(requires).filter(r -> !report.passed(r)).findFirst().orElse(null);
        if (missing != null) {
            report.add(new CheckResult(capability, Outcome.FAIL, 0, "not run: it needs " + missing + ", which did not pass"));
            return;
        }
        context.startCheck();
        long started = System.nanoTime();
        Outcome outcome = Outcome.FAIL;
        String detail;
        try {
            detail = body.get();
            outcome = Outcome.PASS;
        } catch (CheckFailed | CliException e) {
            detail = e.getMessage();
        } catch (KubernetesClientException e) {
            detail = "Kubernetes refused: " + (e.getStatus() != null && e.getStatus().getMessage() != null
                    ? e.getStatus().getMessage() : e.getMessage());
        } catch (RuntimeException e) {
            detail = e.toString();
        }
        report.add(new CheckResult(capability, outcome, Math.round((System.nanoTime() - started) / 1e8) / 10.0, detail));
    }

    private void skip(String capability, String why) {
        report.add(new CheckResult(capability, Outcome.SKIP, 0, why));
    }

    /** Deletes the namespace if the self-test made it (once); answers what became of it, for the summary. */
    private synchronized String cleanup(boolean keep) {
        if (!context.namespace.created()) {
            return "not created";
        }
        if (keep) {
            cleanedUp = true;
            return "kept for a look (kubectl delete namespace " + context.namespace.name() + " removes it)";
        }
        if (cleanedUp) {
            return "deleted";
        }
        try {
            context.namespace.delete();
            cleanedUp = true;
            return "deleted (it terminates in the background)";
        } catch (KubernetesClientException e) {
            return "not deleted: " + e.getMessage();
        }
    }
}
