package dev.slipway.bench;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

import dev.slipway.api.v1alpha1.App;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The controller as the App count grows, on one fresh local control plane with the fake node:
 * <ol>
 * <li>one controller while Apps of one replica with a route are added up to each count of
 * {@code steps}: time until all are Ready, live heap after a full GC, resident memory, CPU seconds
 * and writes per App added, by resource; then the writes of a minute idle at the largest count;</li>
 * <li>during the first step, the writes kube-controller-manager makes for the same Apps'
 * Deployments (ReplicaSets, pods, EndpointSlices, Deployment and ReplicaSet status, and the Events
 * of its controllers), from the kube-apiserver's request metrics: Slipway's writes per App next to
 * them.</li>
 * </ol>
 * Usage: {@code bench/run-scale.sh [steps=1000,2000,5000]}; writes bench/results/scale.json.
 */
public final class ScaleBench {

    private static final Duration CONVERGE_TIMEOUT = Duration.ofMinutes(40);
    /** What only kube-controller-manager writes here for a Deployment, besides the pods it creates. */
    private static final Set<String> KCM_RESOURCES = Set.of("apps/replicasets/", "apps/replicasets/status",
            "apps/deployments/status", "discovery.k8s.io/endpointslices/");
    private static final Set<String> KCM_EVENT_SOURCES = Set.of("deployment-controller", "replicaset-controller",
            "endpointslice-controller", "endpoint-controller");

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> steps = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).map(Integer::parseInt).toList()
                : List.of(1000, 2000, 5000);
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/target/scale");
        Files.createDirectories(work);
        Map<String, Object> result = Bench.results("scale", steps.get(steps.size() - 1));
        try (BenchCluster cluster = new BenchCluster(root, work.resolve("cluster"))) {
            KubernetesClient client = cluster.client;
            Bench.namespace(client, "apps");
            List<Map<String, Object>> profile = new ArrayList<>();
            try (ControllerProcess controller = new ControllerProcess(root, cluster.kubeconfig, "apps", Bench.freePort(),
                    work.resolve("controller.log"))) {
                int apps = 0;
                for (int step : steps) {
                    int from = apps;
                    double cpuBefore = controller.cpuSeconds();
                    Map<String, Long> before = controller.writesByRequest();
                    Map<String, Double> apiBefore = ApiServerRequests.writes(client);
                    long start = System.nanoTime();
                    Bench.parallel(step - from, i -> client.resource(single(Bench.app("apps", "app-" + (from + i))))
                            .create());
                    Bench.awaitAppsReady(client, "apps", step, CONVERGE_TIMEOUT);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    apps = step;
                    Map<String, Long> after = controller.writesByRequest();
                    long writes = ControllerProcess.total(after) - ControllerProcess.total(before);
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("apps", step);
                    point.put("secondsToReady", round(seconds));
                    point.put("heapMb", round(controller.liveHeapMb()));
                    point.put("rssMb", round(controller.rssMb()));
                    point.put("cpuSecondsPerAppAdded", round((controller.cpuSeconds() - cpuBefore) / (step - from), 4));
                    point.put("writesPerAppAdded", round((double) writes / (step - from)));
                    point.put("heapKbPerApp", round((double) point.get("heapMb") * 1024 / step));
                    point.put("writesPerAppAddedByRequest", ControllerProcess.perApp(before, after, step - from));
                    profile.add(point);
                    log("%s", point);
                    if (from == 0) {
                        double kcm = kcmWritesPerApp(client, apiBefore, step, result);
                        result.put("writesPerAppRatioToKcm", round((double) writes / step / kcm));
                    }
                    result.put("heapMbAt" + step, point.get("heapMb"));
                    result.put("rssMbAt" + step, point.get("rssMb"));
                }
                Thread.sleep(10_000);
                long idleStart = controller.writes();
                Thread.sleep(60_000);
                result.put("idleWritesPerMinuteAt" + apps, controller.writes() - idleStart);
            }
            result.put("profile", profile);
        }
        Bench.write(root, result);
        System.exit(0);
    }

    /**
     * The writes kube-controller-manager made since {@code before} for the Deployments of {@code apps}
     * Apps, per App: from the kube-apiserver's request metrics, the requests only its controllers
     * make here (ReplicaSets and their status, Deployment status and the revision annotation it PUTs,
     * pods it creates, EndpointSlices), and the Events of its controllers, from the Events themselves.
     */
    private static double kcmWritesPerApp(KubernetesClient client, Map<String, Double> before, int apps,
            Map<String, Object> result) {
        Map<String, Long> byRequest = new LinkedHashMap<>();
        ApiServerRequests.since(before, ApiServerRequests.writes(client)).forEach((key, delta) -> {
            String resource = key.substring(key.indexOf(' ') + 1);
            if (KCM_RESOURCES.contains(resource) || key.equals("POST /pods/") || key.equals("PUT apps/deployments/")) {
                byRequest.put(key, Math.round(delta));
            }
        });
        long events = client.v1().events().inNamespace("apps").list().getItems().stream()
                .filter(e -> KCM_EVENT_SOURCES.contains(Objects.requireNonNullElse(e.getSource() == null ? null
                        : e.getSource().getComponent(), Objects.requireNonNullElse(e.getReportingComponent(), ""))))
                .mapToLong(ScaleBench::times).sum();
        byRequest.put("Events of its controllers", events);
        double perApp = byRequest.values().stream().mapToLong(Long::longValue).sum() / (double) apps;
        Map<String, Object> kcm = new LinkedHashMap<>();
        kcm.put("apps", apps);
        kcm.put("writesByRequest", byRequest);
        kcm.put("writesPerApp", round(perApp));
        result.put("kubeControllerManager", kcm);
        log("kube-controller-manager: %.2f writes per App %s", perApp, byRequest);
        return perApp;
    }

    /** The bench App with one replica, as the scale runs use, and a route. */
    private static App single(App app) {
        app.getSpec().setReplicas(1);
        return Bench.routed(app);
    }

    private static long times(Event event) {
        return event.getCount() == null ? 1 : event.getCount();
    }
}
