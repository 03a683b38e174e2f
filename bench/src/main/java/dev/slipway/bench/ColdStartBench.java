package dev.slipway.bench;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

import dev.slipway.api.v1alpha1.App;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The controller's cold start, on a fresh local control plane with the fake node: the controller,
 * as its shipped ServiceAccount (manifests/controller/rbac.yaml, a token as its pod has), started
 * while an App waits for a change, timed from process start until the change is in the App's
 * Deployment. Each run starts it three times: as shipped (with the class-data-sharing archive its
 * build makes), the same jar without the archive (the baseline), and as shipped but with the
 * cluster admin's client certificate instead of the token (what the credentials cost); each kind's
 * median of {@code runs} is reported.
 * Usage: {@code bench/run-cold-start.sh [runs=5]}; writes bench/results/cold-start.json.
 */
public final class ColdStartBench {

    private static final String NAMESPACE = "apps";
    private static final String APP = "cold-start";

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Path.of("").toAbsolutePath();
        Path work = root.resolve("bench/target/cold-start");
        Files.createDirectories(work);
        Map<String, Object> result = Bench.results("cold-start", 1);
        try (BenchCluster cluster = new BenchCluster(root, work.resolve("cluster"))) {
            KubernetesClient client = cluster.client;
            Bench.namespace(client, NAMESPACE);
            cluster.kubectl("create", "namespace", "slipway-system");
            cluster.kubectl("apply", "-f", root.resolve("manifests/controller/rbac.yaml").toString());
            Path kubeconfig = cluster.tokenKubeconfig(work.resolve("controller.kubeconfig"), "slipway-system",
                    "slipway-controller");
            client.resource(Bench.app(NAMESPACE, APP)).create();
            // The first start makes the App's objects: not a start with work already in the cluster.
            start(cluster, kubeconfig, work.resolve("first.log"), true);
            List<Double> shipped = new ArrayList<>();
            List<Double> withoutArchive = new ArrayList<>();
            List<Double> withCertificate = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                shipped.add(start(cluster, kubeconfig, work.resolve("shipped-" + run + ".log"), true));
                withoutArchive.add(start(cluster, kubeconfig, work.resolve("without-archive-" + run + ".log"), false));
                withCertificate.add(start(cluster, cluster.kubeconfig, work.resolve("certificate-" + run + ".log"),
                        true));
                log("run %d: %.2f s as shipped, %.2f s without the archive, %.2f s with a client certificate", run,
                        shipped.get(run), withoutArchive.get(run), withCertificate.get(run));
            }
            double median = Bench.percentile(shipped, 50);
            double baseline = Bench.percentile(withoutArchive, 50);
            result.put("coldStartSeconds", round(median));
            result.put("coldStartRuns", shipped.stream().map(Bench::round).toList());
            result.put("coldStartSecondsWithoutArchive", round(baseline));
            result.put("coldStartRunsWithoutArchive", withoutArchive.stream().map(Bench::round).toList());
            result.put("coldStartRatioToWithoutArchive", round(median / baseline));
            result.put("coldStartSecondsWithClientCertificate", round(Bench.percentile(withCertificate, 50)));
            result.put("coldStartRunsWithClientCertificate", withCertificate.stream().map(Bench::round).toList());
        }
        Bench.write(root, result);
        System.exit(0);
    }

    /**
     * Changes the App's replicas (2 to 3 or back) while no controller runs, starts one as
     * {@code kubeconfig}, and returns the seconds from its start until the App's Deployment has the new
     * count.
     */
    private static double start(BenchCluster cluster, Path kubeconfig, Path log, boolean classDataSharing)
            throws Exception {
        KubernetesClient client = cluster.client;
        var app = client.resources(App.class).inNamespace(NAMESPACE).withName(APP);
        int replicas = 5 - app.get().getSpec().getReplicas();
        app.patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
        long start = System.nanoTime();
        try (ControllerProcess controller = new ControllerProcess(cluster.root, kubeconfig, NAMESPACE,
                Bench.freePort(), log, Map.of("SLIPWAY_LEADER_ELECTION", "false"), false, classDataSharing)) {
            Bench.await(() -> {
                var deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(APP).get();
                return deployment != null && deployment.getSpec().getReplicas() == replicas;
            }, "the controller to act after its start", Duration.ofSeconds(60));
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
