package dev.slipway.bench;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.apiserver.requests.ReleaseRequests;
import dev.slipway.apiserver.requests.Requests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static dev.slipway.bench.Bench.app;
import static dev.slipway.bench.Bench.await;
import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.namespace;
import static dev.slipway.bench.Bench.parallel;
import static dev.slipway.bench.Bench.percentile;
import static dev.slipway.bench.Bench.round;

/**
 * The release engine benchmark. On one fresh local control plane, in one run:
 * <ol>
 * <li>baseline: N plain Deployment, Service and Ingress sets (2 replicas) applied directly, until all
 * Deployments are available;</li>
 * <li>baseline of the release figures: a sample of those Deployments given a new image with one patch
 * each, until a watch sees the new template;</li>
 * <li>Slipway: N Apps (2 replicas, one route each) through the controller, until all Ready with their
 * URL (the route admitted and its Ingress written); the ratio of the two times;</li>
 * <li>the controller's writes to the API server per App (the App's Route, its Ingress and their status
 * included), and while the N Apps sit idle for a minute;</li>
 * <li>time from a Release's creation to its Deployment's template update, for a sample of Apps, each
 * released once the one before has completed (also as a ratio to the patch above), and for another
 * sample back to back;</li>
 * <li>the controller's live heap and resident memory at N and, when it is larger, at the larger count
 * (bench/run-scale.sh measures the growth in steps).</li>
 * </ol>
 * Usage: {@code bench/run-release-engine.sh [apps] [appsLarge]}; writes bench/results/release-engine.json.
 */
public final class ReleaseEngineBench {

    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** Releases slower than this (ms) are logged one by one. */
    private static final double SLOW_RELEASE_MS = 100;

    private ReleaseEngineBench() {
    }

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int appsLarge = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int latencySamples = Math.min(100, apps / 3);
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/target/release-engine");
        Files.createDirectories(work);
        Map<String, Object> result = Bench.results("release-engine", apps);
        result.put("appsLarge", appsLarge);

        try (BenchCluster cluster = new BenchCluster(root, work.resolve("cluster"))) {
            KubernetesClient client = cluster.client;
            namespace(client, "plain");
            Map<String, Double> plainBefore = ApiServerRequests.writesByCode(client);
            double plainSeconds = timed(() -> {
                parallel(apps, i -> createPlain(client, "plain", "web-" + i));
                awaitDeploymentsAvailable(client, "plain", apps);
            });
            Map<String, Object> deploymentControllers = new LinkedHashMap<>();
            deploymentControllers.put("plain", kcmRequestsPerSet(client, plainBefore, apps));
            result.put("kubeControllerManagerRequestsPerSet", deploymentControllers);
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("plain", creationSeconds(List.of(
                    client.apps().deployments().inNamespace("plain").list().getItems(),
                    client.apps().replicaSets().inNamespace("plain").list().getItems()), "Deployment", "ReplicaSet"));
            result.put("createdSecondsQuantiles", created);
            log("baseline: %d Deployment+Service+Ingress sets available in %.1f s", apps, plainSeconds);
            List<Double> patches = templatePatchToWatch(client, "plain", latencySamples);
            result.put("templatePatchMedianMs", round(percentile(patches, 50)));
            result.put("templatePatchP99Ms", round(percentile(patches, 99)));
            log("baseline: template patch seen by a watch: median %.0f ms, p99 %.0f ms", percentile(patches, 50),
                    percentile(patches, 99));
            client.namespaces().withName("plain").delete();
            awaitGone(client, "plain");

            namespace(client, "apps");
            try (ControllerProcess controller = new ControllerProcess(root, cluster.kubeconfig, "apps", Bench.freePort(),
                    work.resolve("controller.log"))) {
                Map<String, Long> before = controller.writesByRequest();
                Map<String, Long> reconcilesBefore = controller.reconcilesByKind();
                double threadsBefore = controller.threadsStarted();
                double cpuBefore = controller.cpuSeconds();
                Map<String, Double> slipwayBefore = ApiServerRequests.writesByCode(client);
                double slipwaySeconds = timed(() -> {
                    parallel(apps, i -> client.resource(Bench.routed(app("apps", "app-" + i))).create());
                    Bench.awaitAppsReady(client, "apps", apps);
                });
                deploymentControllers.put("slipway", kcmRequestsPerSet(client, slipwayBefore, apps));
                created.put("slipway", creationSeconds(List.of(
                        client.resources(App.class).inNamespace("apps").list().getItems(),
                        client.resources(Release.class).inNamespace("apps").list().getItems(),
                        client.apps().deployments().inNamespace("apps").list().getItems(),
                        client.apps().replicaSets().inNamespace("apps").list().getItems()),
                        "App", "Release", "Deployment", "ReplicaSet"));
                Map<String, Long> after = controller.writesByRequest();
                long writes = ControllerProcess.total(after) - ControllerProcess.total(before);
                result.put("cpuSecondsPerApp", round((controller.cpuSeconds() - cpuBefore) / apps, 4));
                log("Slipway: %d Apps Ready in %.1f s; %d writes", apps, slipwaySeconds, writes);
                result.put("plainSeconds", round(plainSeconds));
                result.put("slipwaySeconds", round(slipwaySeconds));
                result.put("convergenceRatio", round(slipwaySeconds / plainSeconds));
                result.put("convergenceRatio" + apps, result.get("convergenceRatio"));
                result.put("writesPerApp", round((double) writes / apps));
                result.put("writesPerAppByRequest", ControllerProcess.perApp(before, after, apps));
                result.put("reconcilesPerApp", ControllerProcess.perApp(reconcilesBefore, controller.reconcilesByKind(),
                        apps));
                // A thread per response of the JDK's HTTP client, on two cores, before dev.slipway.kube.ResponseThreads.
                result.put("threadsStartedPerApp", round((controller.threadsStarted() - threadsBefore) / apps));

                Thread.sleep(10_000);
                long idleStart = controller.writes();
                Thread.sleep(60_000);
                result.put("idleWritesPerMinute", controller.writes() - idleStart);
                result.put("heapMbAt" + apps, round(controller.liveHeapMb()));
                result.put("rssMbAt" + apps, round(controller.rssMb()));

                Map<String, Long> reconcilesBeforeReleases = controller.reconcilesByKind();
                ReleaseSamples spaced = releaseToTemplate(client, "apps", 0, latencySamples, true, true);
                result.put("reconcilesPerRelease", ControllerProcess.perApp(reconcilesBeforeReleases,
                        controller.reconcilesByKind(), latencySamples));
                spaced.report(result, "");
                result.put("releaseToTemplateP99RatioToPatch",
                        round(percentile(spaced.toTemplate(), 99) / percentile(patches, 99)));
                result.put("releaseToTemplateMedianRatioToPatch",
                        round(percentile(spaced.toTemplate(), 50) / percentile(patches, 50)));
                ReleaseSamples backToBack = releaseToTemplate(client, "apps", latencySamples, latencySamples, false,
                        true);
                backToBack.report(result, "BackToBack");
                ReleaseSamples applied = releaseToTemplate(client, "apps", 2 * latencySamples, latencySamples / 2, true,
                        false);
                applied.report(result, "Kubectl");

                if (appsLarge > apps) {
                    double largeSeconds = timed(() -> {
                        parallel(appsLarge - apps, i -> client.resource(Bench.routed(app("apps", "app-" + (apps + i))))
                                .create());
                        Bench.awaitAppsReady(client, "apps", appsLarge);
                    });
                    log("%d Apps Ready %.1f s later", appsLarge, largeSeconds);
                    result.put("heapMbAt" + appsLarge, round(controller.liveHeapMb()));
                    result.put("rssMbAt" + appsLarge, round(controller.rssMb()));
                }
            }
        }
        Bench.write(root, result);
        System.exit(0);
    }

    /**
     * Times from a Release's creation to its Deployment running that revision (seen by a watch), and,
     * for a Release made without its config (as with kubectl), to the controller taking it in
     * (filling in its config, the first write of its pass), which splits the time between getting to
     * the Release and acting on it.
     */
    private record ReleaseSamples(List<Double> toTemplate, List<Double> takenIn) {

        void report(Map<String, Object> result, String variant) {
            result.put("releaseToTemplate" + variant + "MedianMs", round(percentile(toTemplate, 50)));
            result.put("releaseToTemplate" + variant + "P99Ms", round(percentile(toTemplate, 99)));
            result.put("releaseToTemplate" + variant + "Samples", toTemplate.size());
            if (!takenIn.isEmpty()) {
                result.put("releaseTakenIn" + variant + "MedianMs", round(percentile(takenIn, 50)));
                result.put("releaseTakenIn" + variant + "P99Ms", round(percentile(takenIn, 99)));
            }
            log("release to template%s: median %.0f ms, p99 %.0f ms", variant.isEmpty() ? "" : " (" + variant + ")",
                    percentile(toTemplate, 50), percentile(toTemplate, 99));
        }
    }

    /**
     * Releases revision 2 of Apps {@code first} to {@code first + samples - 1}, one after the other.
     * {@code spaced}: each once the one before has completed its rollout, so that every release meets
     * the thousand Apps and nothing else; otherwise as soon as the one before has changed its
     * Deployment, so that each also meets the rollouts of the ones before it (two pods replaced on
     * the fake node each, a few seconds): a burst of releases on two cores. {@code asTheApiMakesIt}:
     * the Release a request to the web API makes (its image and config pinned); otherwise one as
     * {@code kubectl apply} of a Release naming only the image makes, which the controller takes in.
     */
    private static ReleaseSamples releaseToTemplate(KubernetesClient client, String namespace, int first, int samples,
            boolean spaced, boolean asTheApiMakesIt) throws InterruptedException {
        Map<String, Instant> templateUpdated = new ConcurrentHashMap<>();
        Map<String, Instant> configFilledIn = new ConcurrentHashMap<>();
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        Set<String> ended = ConcurrentHashMap.newKeySet();
        SharedIndexInformer<Release> releases = client.resources(Release.class).inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Release r) {
                        seen.putIfAbsent(r.getMetadata().getName(), Instant.now());
                    }

                    @Override
                    public void onUpdate(Release before, Release after) {
                        if (after.getSpec().getConfig() != null) {
                            configFilledIn.putIfAbsent(after.getMetadata().getName(), Instant.now());
                        }
                        if (after.getStatus() != null && after.getStatus().getPhase() != null
                                && after.getStatus().getPhase().isFinal()) {
                            ended.add(after.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onDelete(Release r, boolean unknown) {
                    }
                });
        SharedIndexInformer<Deployment> informer = templateChanges(client, namespace,
                d -> "2".equals(d.getSpec().getTemplate().getMetadata().getLabels().get("slipway.dev/revision")),
                templateUpdated);
        List<Double> latencies = new ArrayList<>();
        List<Double> takenIn = new ArrayList<>();
        try {
            // The two lists above (a thousand Releases and Deployments, parsed here on the same two cores)
            // and the full collection of the heap figure just before are the benchmark's, not a release's:
            // they are left to settle.
            Thread.sleep(SETTLE.toMillis());
            for (int i = first; i < first + samples; i++) {
                String name = "app-" + i;
                Release release = asTheApiMakesIt ? requested(client, namespace, name, i) : applied(namespace, name, i);
                Instant created = Instant.now();
                client.resource(release).create();
                Instant answered = Instant.now();
                Instant deadline = created.plusSeconds(60);
                while (!templateUpdated.containsKey(name) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(2);
                }
                Instant updated = templateUpdated.get(name);
                if (updated == null) {
                    throw new IllegalStateException("the Deployment of " + name + " was not updated within 60 s");
                }
                double latency = Duration.between(created, updated).toNanos() / 1e6;
                latencies.add(latency);
                Instant filledIn = configFilledIn.get(name + "-2");
                if (filledIn != null) {
                    takenIn.add(Duration.between(created, filledIn).toNanos() / 1e6);
                }
                if (latency > SLOW_RELEASE_MS) {
                    // With the time of day, to find what else happened then (a profile, a GC log).
                    log("slow release %s-2, created %s: create answered after %d ms, seen by a watch after %s ms,"
                            + " taken in after %s ms, template after %.0f ms", name, created,
                            Duration.between(created, answered).toMillis(), since(created, seen.get(name + "-2")),
                            since(created, filledIn), latency);
                }
                if (spaced) {
                    await(() -> ended.contains(name + "-2"), "release " + name + "-2 to end", Duration.ofSeconds(60));
                }
            }
            // The rollouts of a burst go on after its last release: kube-controller-manager, limited to
            // 20 requests a second, replaces a hundred Apps' pods in about a minute. The next series
            // meets a quiet cluster, as its first did.
            int last = first + samples;
            await(() -> IntStream.range(first, last).allMatch(i -> ended.contains("app-" + i + "-2")),
                    "the series' releases to end", Duration.ofMinutes(5));
        } finally {
            informer.close();
            releases.close();
        }
        return new ReleaseSamples(latencies, takenIn);
    }

    /** Revision 2 of App {@code name} as the web API makes it for a request naming the image. */
    private static Release requested(KubernetesClient client, String namespace, String name, int sample) {
        App app = client.resources(App.class).inNamespace(namespace).withName(name).require();
        return ReleaseRequests.desired(app, 2, image(name), "sample " + sample, null,
                new Requests.Requester("bench", "bench-" + sample), null);
    }

    /** Revision 2 of App {@code name} as {@code kubectl apply} of a Release naming only the image makes it. */
    private static Release applied(String namespace, String name, int sample) {
        Release release = new Release();
        release.getMetadata().setName(name + "-2");
        release.getMetadata().setNamespace(namespace);
        ReleaseSpec spec = new ReleaseSpec();
        spec.setApp(name);
        spec.setRevision(2L);
        spec.setImage(image(name));
        spec.setReason("requested by bench: sample " + sample);
        release.setSpec(spec);
        return release;
    }

    private static String image(String name) {
        return "registry.example.com/bench/" + name + ":2";
    }

    /**
     * A watch of the namespace's Deployments that records when each was first seen with a template
     * {@code changed} says is the new one.
     */
    private static SharedIndexInformer<Deployment> templateChanges(KubernetesClient client, String namespace,
            Predicate<Deployment> changed, Map<String, Instant> seenAt) {
        return client.apps().deployments().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                if (changed.test(after)) {
                    seenAt.putIfAbsent(after.getMetadata().getName(), Instant.now());
                }
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }
        });
    }

    /**
     * The baseline of the release figures, on the same machine in the same run: a plain Deployment's
     * image changed with one strategic merge patch (what {@code kubectl set image} sends) until a watch
     * sees the new template, for {@code samples} of the plain Deployments, each once the one before has
     * rolled out. A release is that one write plus the controller's part.
     */
    private static List<Double> templatePatchToWatch(KubernetesClient client, String namespace, int samples)
            throws InterruptedException {
        Map<String, Instant> templateUpdated = new ConcurrentHashMap<>();
        SharedIndexInformer<Deployment> informer = templateChanges(client, namespace,
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":2"),
                templateUpdated);
        List<Double> latencies = new ArrayList<>();
        try {
            Thread.sleep(SETTLE.toMillis());
            for (int i = 0; i < samples; i++) {
                String name = "web-" + i;
                Instant patched = Instant.now();
                client.apps().deployments().inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), """
                                {"spec":{"template":{"spec":{"containers":[{"name":"app","image":"%s"}]}}}}"""
                                .formatted(image(name)));
                await(() -> templateUpdated.containsKey(name), "the watch to see " + name + "'s template",
                        Duration.ofSeconds(60));
                latencies.add(Duration.between(patched, templateUpdated.get(name)).toNanos() / 1e6);
                await(() -> rolledOut(informer.getStore().getByKey(namespace + "/" + name)),
                        name + " to roll out", Duration.ofSeconds(60));
            }
        } finally {
            informer.close();
        }
        return latencies;
    }

    private static boolean rolledOut(Deployment d) {
        var status = d.getStatus();
        int replicas = d.getSpec().getReplicas();
        return status != null && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getReplicas(), replicas)
                && Objects.equals(status.getAvailableReplicas(), replicas);
    }

    private static String since(Instant start, Instant end) {
        return end == null ? "?" : Long.toString(Duration.between(start, end).toMillis());
    }

    /**
     * The requests of kube-controller-manager's Deployment and ReplicaSet controllers since
     * {@code before}, per set, by request and answer: what bounds both runs, as each of those
     * controllers has its own client limited to 20 requests a second (the default {@code --kube-api-qps}).
     */
    private static Map<String, Double> kcmRequestsPerSet(KubernetesClient client, Map<String, Double> before,
            int sets) {
        Map<String, Double> perSet = new TreeMap<>();
        ApiServerRequests.since(before, ApiServerRequests.writesByCode(client)).forEach((key, delta) -> {
            if (key.contains(" apps/replicasets/") || key.contains(" apps/deployments/status ")
                    || key.startsWith("POST /pods/ ")) {
                perSet.put(key, round(delta / sets));
            }
        });
        return perSet;
    }

    /**
     * When each kind of object of a run came to exist: its creation times in seconds after the first
     * object of the first kind, at the 10th, 50th and 90th percentile and the last; where the time
     * of a run goes before kube-controller-manager has Deployments to work on.
     */
    private static Map<String, Object> creationSeconds(List<List<? extends HasMetadata>> kinds, String... names) {
        Instant start = kinds.get(0).stream().map(ReleaseEngineBench::created).min(Instant::compareTo).orElseThrow();
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (int i = 0; i < kinds.size(); i++) {
            List<Double> seconds = kinds.get(i).stream()
                    .map(o -> Duration.between(start, created(o)).toMillis() / 1000.0).toList();
            Map<String, Double> quantiles = new LinkedHashMap<>();
            for (int percentile : new int[] {10, 50, 90, 100}) {
                quantiles.put(percentile == 100 ? "last" : "p" + percentile, round(percentile(seconds, percentile)));
            }
            byKind.put(names[i], quantiles);
        }
        return byKind;
    }

    private static Instant created(HasMetadata object) {
        return Instant.parse(object.getMetadata().getCreationTimestamp());
    }

    /** The same pods and Service as an App's, written directly. */
    private static void createPlain(KubernetesClient client, String namespace, String name) {
        Map<String, String> labels = Map.of("app", name);
        client.resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("registry.example.com/bench/" + name + ":1")
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/healthz").withPort(new IntOrString("http"))
                .endHttpGet().endReadinessProbe()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(labels).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString("http")).endPort().endSpec().build()).create();
        client.resource(new IngressBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().addNewRule().withHost(name + "-" + namespace + ".apps.127.0.0.1.nip.io").withNewHttp()
                .addNewPath().withPath("/").withPathType("Prefix").withNewBackend().withNewService().withName(name)
                .withNewPort().withNumber(80).endPort().endService().endBackend().endPath().endHttp().endRule()
                .endSpec().build()).create();
    }


    private static void awaitDeploymentsAvailable(KubernetesClient client, String namespace, int count)
            throws InterruptedException {
        Bench.awaitCount(client.apps().deployments().inNamespace(namespace),
                d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                        && d.getStatus().getAvailableReplicas() == 2, count, "Deployments available", CONVERGE_TIMEOUT);
    }


    private static void awaitGone(KubernetesClient client, String namespace) throws InterruptedException {
        await(() -> client.namespaces().withName(namespace).get() == null, "namespace " + namespace + " deleted",
                CONVERGE_TIMEOUT);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}
