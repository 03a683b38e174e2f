package dev.slipway.bench;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppStatus;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * What the kube-apiserver (and etcd) spend on each kind of write the controller makes, from their
 * own CPU time in /proc, on a fresh local control plane with no controller: a status written with
 * server-side apply (as the Java Operator SDK writes a primary's status) against the same status as
 * a JSON merge patch; a Deployment made and changed with server-side apply (as the controller's
 * ClusterWriter does) against a plain create and a strategic merge patch (as {@code kubectl create}
 * and {@code kubectl set image} do); an App created (its schema's CEL rules run); an Event. Each kind
 * is {@code count} writes, 16 at a time, every one a real change; the CPU the two programs use idle
 * over the same time is taken off. Rounds repeat the whole sequence and the median is reported.
 * Writes bench/results/write-cost.json.
 */
public final class WriteCostBench {

    private static final String NAMESPACE = "bench";
    private static final String FIELD_MANAGER = "slipway-controller";
    private static final PatchContext APPLY = new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(FIELD_MANAGER).withForce(true).build();
    private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
            .withFieldManager(FIELD_MANAGER).build();
    private static final PatchContext STRATEGIC = new PatchContext.Builder()
            .withPatchType(PatchType.STRATEGIC_MERGE).withFieldManager("kubectl").build();

    private final KubernetesClient client;
    private final long apiserverPid;
    private final long etcdPid;
    private final int count;
    private double idleApiserverPerSecond;
    private double idleEtcdPerSecond;
    private final Map<String, List<double[]>> samples = new LinkedHashMap<>();

    private WriteCostBench(KubernetesClient client, long apiserverPid, long etcdPid, int count) {
        this.client = client;
        this.apiserverPid = apiserverPid;
        this.etcdPid = etcdPid;
        this.count = count;
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Path.of("").toAbsolutePath();
        Map<String, Object> result = Bench.results("write-cost", count);
        result.put("writesPerKindPerRound", count);
        result.put("rounds", rounds);
        try (BenchCluster cluster = new BenchCluster(root, root.resolve("bench/target/write-cost/cluster"))) {
            WriteCostBench bench = new WriteCostBench(cluster.client, pid(cluster, "kube-apiserver"),
                    pid(cluster, "etcd"), count);
            Bench.namespace(cluster.client, NAMESPACE);
            bench.idle(20);
            for (int round = 0; round < rounds; round++) {
                bench.runRound(round);
            }
            bench.report(result);
            result.put("loadAverage", Bench.loadAverage());
        }
        Bench.write(root, result);
        System.exit(0);
    }

    private static long pid(BenchCluster cluster, String component) throws IOException {
        return Long.parseLong(Files.readString(cluster.dir.resolve("pids").resolve(component)).strip());
    }

    private void idle(int seconds) throws IOException, InterruptedException {
        double apiserver = Bench.cpuSeconds(apiserverPid);
        double etcd = Bench.cpuSeconds(etcdPid);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        idleApiserverPerSecond = (Bench.cpuSeconds(apiserverPid) - apiserver) / elapsed;
        idleEtcdPerSecond = (Bench.cpuSeconds(etcdPid) - etcd) / elapsed;
        log("idle: kube-apiserver %.3f cores, etcd %.3f cores", idleApiserverPerSecond, idleEtcdPerSecond);
    }

    /**
     * One round: Apps made in two sets, the first set's statuses written twice with server-side apply
     * (all of the status, then a changed condition), the second's twice as a merge patch; then
     * Deployments made with apply and with create, and their image changed the same two ways.
     */
    private void runRound(int round) throws Exception {
        String applied = "apply-" + round + "-";
        String merged = "merge-" + round + "-";
        measure("appCreate", i -> create(applied + i));
        measure("appCreate", i -> create(merged + i));
        for (int change = 0; change < 2; change++) {
            int generation = change;
            Write apply = () -> measure("statusApply", i -> client.resources(App.class).inNamespace(NAMESPACE)
                    .resource(withStatus(applied + i, generation)).subresource("status").patch(APPLY));
            Write merge = () -> measure("statusMergePatch", i -> client.resources(App.class).inNamespace(NAMESPACE)
                    .withName(merged + i).subresource("status").patch(MERGE,
                            Serialization.asJson(Map.of("status", withStatus(merged + i, generation).getStatus()))));
            // Each first once, so that neither always meets the other's leftovers (compaction, GC).
            (change == 0 ? apply : merge).run();
            (change == 0 ? merge : apply).run();
        }
        measure("eventCreate", i -> client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                .withNewMetadata().withName(applied + i + ".event").endMetadata()
                .withNewInvolvedObject().withApiVersion(App.GROUP + "/" + App.VERSION).withKind("App").withName(applied + i)
                    .withNamespace(NAMESPACE).endInvolvedObject()
                .withReason("ReleaseCreated").withMessage("revision 1 of " + applied + i).withType("Normal")
                .withCount(1).withFirstTimestamp(Instant.now().toString()).withLastTimestamp(Instant.now().toString())
                .withNewSource().withComponent(FIELD_MANAGER).endSource().build()).create());
        measure("deploymentApply", i -> client.apps().deployments().inNamespace(NAMESPACE)
                .resource(deployment(applied + i, 1)).patch(APPLY));
        measure("deploymentCreate", i -> client.apps().deployments().inNamespace(NAMESPACE)
                .resource(deployment(merged + i, 1)).create());
        measure("deploymentApplyChange", i -> client.apps().deployments().inNamespace(NAMESPACE)
                .resource(deployment(applied + i, 2)).patch(APPLY));
        measure("deploymentStrategicPatch", i -> client.apps().deployments().inNamespace(NAMESPACE)
                .withName(merged + i).patch(STRATEGIC, """
                        {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"%s"}]}}}}"""
                        .formatted(image(merged + i, 2))));
        log("round %d done", round + 1);
    }

    private interface Write {
        void run() throws Exception;
    }

    private void create(String name) {
        client.resources(App.class).inNamespace(NAMESPACE).resource(Bench.app(NAMESPACE, name)).create();
    }

    /** Runs {@code write} for each of {@code count} objects and keeps the CPU it cost, idle taken off. */
    private void measure(String kind, IntConsumer write) throws Exception {
        double apiserver = Bench.cpuSeconds(apiserverPid);
        double etcd = Bench.cpuSeconds(etcdPid);
        long start = System.nanoTime();
        Bench.parallel(count, write);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double apiserverMs = (Bench.cpuSeconds(apiserverPid) - apiserver - idleApiserverPerSecond * elapsed)
                * 1000 / count;
        double etcdMs = (Bench.cpuSeconds(etcdPid) - etcd - idleEtcdPerSecond * elapsed) * 1000 / count;
        samples.computeIfAbsent(kind, k -> new ArrayList<>()).add(new double[] {apiserverMs, etcdMs,
                elapsed * 1000 / count});
        log("%-26s kube-apiserver %.2f ms, etcd %.2f ms of CPU per write; %.2f ms of wall time per write",
                kind, apiserverMs, etcdMs, elapsed * 1000 / count);
    }

    /** Medians per kind in {@code result}, and each kind's kube-apiserver CPU as a ratio to its plain counterpart. */
    private void report(Map<String, Object> result) {
        Map<String, Double> apiserver = new LinkedHashMap<>();
        Map<String, Double> etcd = new LinkedHashMap<>();
        Map<String, Double> wall = new LinkedHashMap<>();
        samples.forEach((kind, values) -> {
            apiserver.put(kind, round(Bench.percentile(values.stream().map(v -> v[0]).toList(), 50), 3));
            etcd.put(kind, round(Bench.percentile(values.stream().map(v -> v[1]).toList(), 50), 3));
            wall.put(kind, round(Bench.percentile(values.stream().map(v -> v[2]).toList(), 50), 3));
        });
        result.put("idleApiserverCores", round(idleApiserverPerSecond, 3));
        result.put("apiserverCpuMsPerWrite", apiserver);
        result.put("etcdCpuMsPerWrite", etcd);
        result.put("wallMsPerWrite", wall);
        result.put("statusApplyRatioToMergePatch", round(apiserver.get("statusApply") / apiserver.get("statusMergePatch")));
        result.put("deploymentApplyRatioToCreate",
                round(apiserver.get("deploymentApply") / apiserver.get("deploymentCreate")));
        result.put("deploymentApplyChangeRatioToStrategicPatch",
                round(apiserver.get("deploymentApplyChange") / apiserver.get("deploymentStrategicPatch")));
        result.put("appCreateRatioToDeploymentCreate",
                round(apiserver.get("appCreate") / apiserver.get("deploymentCreate")));
    }

    /** The status a controller writes for a serving App; {@code change} alters the conditions' message. */
    private static App withStatus(String name, int change) {
        App app = new App();
        app.getMetadata().setName(name);
        app.getMetadata().setNamespace(NAMESPACE);
        AppStatus status = Bench.servingStatus(name, 1L + change, name + "-" + (1 + change) + " is serving 2 pods",
                Instant.now().toString().replaceAll("\\.\\d+", ""));
        app.setStatus(status);
        return app;
    }

    /** A paused Deployment, so that kube-controller-manager makes no ReplicaSet or pods of it. */
    private static Deployment deployment(String name, int version) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("slipway.dev/app", name)
                .endMetadata()
                .withNewSpec().withPaused(true).withReplicas(2)
                    .withNewSelector().addToMatchLabels("slipway.dev/app", name).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("slipway.dev/app", name).endMetadata()
                        .withNewSpec().addNewContainer().withName("web").withImage(image(name, version))
                            .addNewPort().withName("http").withContainerPort(8080).endPort()
                            .withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                                .withNewPort("http").endHttpGet().endReadinessProbe()
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }

    private static String image(String name, int version) {
        return "registry.example.com/bench/" + name + ":" + version;
    }
}
