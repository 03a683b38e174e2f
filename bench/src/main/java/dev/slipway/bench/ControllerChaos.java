package dev.slipway.bench;

import static dev.slipway.bench.Bench.log;
import static dev.slipway.bench.Bench.round;

import dev.slipway.api.v1alpha1.App;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The controller under fire (chaos/README.md): on a fresh local control plane, releases of
 * {@link ReleaseWorkload} go on while one part of the controller's world is broken again and again.
 * <ul>
 * <li>{@code kill}: the controller process is SIGKILLed at a random moment and started again;</li>
 * <li>{@code failover}: two replicas with leader election; the leader is SIGKILLed and the time
 * until the other holds the Lease is measured;</li>
 * <li>{@code apiserver}: the kube-apiserver is restarted several times and etcd once, under a
 * controller with leader election on, as users run it; then a change is made and the time until
 * the controller acts on it is measured (no informer left stale);</li>
 * <li>{@code network}: the controller reaches the kube-apiserver through a Toxiproxy that adds
 * latency, drops connections and resets them; the releases' time against a clean run.</li>
 * </ul>
 * Each mode merges its figures into bench/results/chaos.json. Usage:
 * {@code ControllerChaos kill|failover|apiserver|network [apps] [releasesPerApp] [faults]}.
 */
public final class ControllerChaos {

    private static final String NS = "chaos";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(25);
    /** The shipped Lease duration; JOSDK's retry period is a fifth of it (SlipwayOperator). */
    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration RETRY = LEASE.dividedBy(5);

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("bench/target/chaos");
    private final Random random = new Random(16);
    private final BenchCluster cluster;
    private int started;

    private ControllerChaos(BenchCluster cluster) {
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        int apps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int releasesPerApp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path root = Path.of("").toAbsolutePath();
        Files.createDirectories(root.resolve("bench/target/chaos"));
        Map<String, Object> figures = new LinkedHashMap<>();
        try (BenchCluster cluster = new BenchCluster(root, root.resolve("bench/target/chaos/cluster-" + mode))) {
            Bench.namespace(cluster.client, NS);
            ControllerChaos chaos = new ControllerChaos(cluster);
            switch (mode) {
                case "kill" -> chaos.kill(figures, apps, releasesPerApp);
                case "failover" -> chaos.failover(figures, apps, releasesPerApp,
                        args.length > 3 ? Integer.parseInt(args[3]) : 20);
                case "apiserver" -> chaos.apiServer(figures, apps, releasesPerApp,
                        args.length > 3 ? Integer.parseInt(args[3]) : 5);
                case "network" -> chaos.network(figures, apps, releasesPerApp);
                default -> throw new IllegalArgumentException("mode must be kill, failover, apiserver or network, not "
                        + mode);
            }
        }
        ApiAbuseChaos.merge(root.resolve("bench/results/chaos.json"), figures);
        System.exit(0);
    }

    /** Kills the controller at random moments (0.5 to 8 s after its start) until every release is final. */
    private void kill(Map<String, Object> figures, int apps, int releasesPerApp) throws Exception {
        Map<String, Object> detail = detail(apps, releasesPerApp);
        List<Double> uptimes = new ArrayList<>();
        Instant deadline = Instant.now().plus(RUN_LIMIT);
        Instant begin = Instant.now();
        try (ReleaseWorkload workload = new ReleaseWorkload(cluster.client, NS, apps, releasesPerApp, 16)) {
            workload.start();
            boolean done = false;
            while (!done && Instant.now().isBefore(deadline)) {
                ControllerProcess controller = controller(Map.of("SLIPWAY_LEADER_ELECTION", "false"));
                double uptime = 0.5 + random.nextDouble() * 7.5;
                Instant killAt = Instant.now().plusMillis((long) (uptime * 1000));
                while (!done && Instant.now().isBefore(killAt)) {
                    done = workload.advance();
                    Thread.sleep(Math.max(0, Math.min(250, Duration.between(Instant.now(), killAt).toMillis())));
                }
                if (done) {
                    controller.close();
                } else {
                    controller.kill();
                    uptimes.add(uptime);
                    if (uptimes.size() % 10 == 0) {
                        log("%d kills, %s", uptimes.size(), workload.outcome().get("releasesByPhase"));
                    }
                }
            }
            Map<String, Object> outcome = workload.outcome();
            figures.putAll(headline(outcome, ""));
            figures.put("controllerKills", uptimes.size());
            detail.putAll(outcome);
        }
        detail.put("controllerKills", uptimes.size());
        detail.put("secondsBetweenStartAndKill", Map.of("min", round(min(uptimes)), "median",
                round(uptimes.isEmpty() ? 0 : Bench.percentile(uptimes, 50)), "max", round(max(uptimes))));
        detail.put("runSeconds", round(Duration.between(begin, Instant.now()).toMillis() / 1000.0));
        detail.put("loadAverageAtEnd", Bench.loadAverage());
        figures.put("controllerKill", detail);
    }

    /**
     * Two replicas with leader election; kills the Lease holder {@code kills} times, 2 to 8 s after a
     * leader was known, and measures from the kill until the other replica holds the Lease.
     */
    private void failover(Map<String, Object> figures, int apps, int releasesPerApp, int kills) throws Exception {
        Map<String, Object> detail = detail(apps, releasesPerApp);
        Map<String, String> settings = Map.of("SLIPWAY_LEADER_ELECTION", "true", "SLIPWAY_LEASE_NAMESPACE", NS,
                "SLIPWAY_LEASE_SECONDS", Long.toString(LEASE.toSeconds()));
        List<ControllerProcess> replicas = new ArrayList<>(List.of(controller(settings), controller(settings)));
        List<Double> takeovers = new ArrayList<>();
        ExecutorService driver = Executors.newSingleThreadExecutor();
        try (ReleaseWorkload workload = new ReleaseWorkload(cluster.client, NS, apps, releasesPerApp, 16)) {
            workload.start();
            Future<Boolean> releases = driver.submit(() -> workload.runToEnd(RUN_LIMIT));
            for (int k = 0; k < kills; k++) {
                int leader = awaitLeader(replicas, Duration.ofSeconds(60));
                Thread.sleep(2000 + random.nextInt(6000));
                ControllerProcess killed = replicas.get(leader);
                long start = System.nanoTime();
                killed.kill();
                ControllerProcess survivor = replicas.get(1 - leader);
                Instant deadline = Instant.now().plus(LEASE.multipliedBy(4));
                while (!holderIs(survivor)) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("no takeover within " + LEASE.multipliedBy(4).toSeconds()
                                + " s of killing the leader; see " + work);
                    }
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                takeovers.add(seconds);
                log("kill %d: takeover in %.2f s", k + 1, seconds);
                replicas.set(leader, controller(settings));
                if (releases.isDone() && !detail.containsKey("leaderKillsWhileReleasesRan")) {
                    detail.put("leaderKillsWhileReleasesRan", k + 1);
                }
            }
            detail.putIfAbsent("leaderKillsWhileReleasesRan", kills);
            boolean allFinal = releases.get();
            detail.put("allReleasesFinal", allFinal);
            Map<String, Object> outcome = workload.outcome();
            figures.putAll(headline(outcome, "failover"));
            detail.putAll(outcome);
        } finally {
            driver.shutdownNow();
            for (ControllerProcess replica : replicas) {
                replica.close();
            }
        }
        double bound = (LEASE.toMillis() + RETRY.toMillis()) / 1000.0;
        figures.put("takeoverRatio", round(max(takeovers) / bound));
        detail.put("leaderKills", takeovers.size());
        detail.put("leaseSeconds", LEASE.toSeconds());
        detail.put("retryPeriodSeconds", RETRY.toSeconds());
        detail.put("takeoverSeconds", Map.of("min", round(min(takeovers)), "median",
                round(Bench.percentile(takeovers, 50)), "max", round(max(takeovers))));
        detail.put("takeoverRatioMedian", round(Bench.percentile(takeovers, 50) / bound));
        detail.put("takeoverRatioMax", round(max(takeovers) / bound));
        detail.put("loadAverageAtEnd", Bench.loadAverage());
        figures.put("leaderFailover", detail);
    }

    /**
     * Restarts the kube-apiserver {@code restarts} times and etcd once while releases run, under one
     * controller with leader election on, started again whenever it exits (as its pod would be). Then
     * changes an App and creates one, and times until the controller has acted on each.
     */
    private void apiServer(Map<String, Object> figures, int apps, int releasesPerApp, int restarts) throws Exception {
        Map<String, Object> detail = detail(apps, releasesPerApp);
        ExecutorService driver = Executors.newFixedThreadPool(2);
        List<Map<String, Object>> outages = new ArrayList<>();
        try (ReleaseWorkload workload = new ReleaseWorkload(cluster.client, NS, apps, releasesPerApp, 16);
                Supervised controller = new Supervised(cluster.kubeconfig, NS, driver)) {
            workload.start();
            Future<Boolean> releases = driver.submit(() -> workload.runToEnd(RUN_LIMIT));
            for (int i = 0; i <= restarts; i++) {
                Thread.sleep(5000 + random.nextInt(10_000));
                String component = i < restarts ? "kube-apiserver" : "etcd";
                double away = cluster.restart(component);
                log("%s restarted: the API away %.1f s", component, away);
                outages.add(Map.of("component", component, "apiAwaySeconds", round(away)));
            }
            detail.put("outages", outages);
            detail.put("allReleasesFinal", releases.get());
            detail.put("controllerExits", controller.exits());
            Map<String, Object> outcome = workload.outcome();
            detail.putAll(outcome);
            figures.putAll(headline(outcome, "apiServerRestart"));

            double changed = timeToAct(() -> scaleApp("app-0", 3),
                    () -> Integer.valueOf(3).equals(cluster.client.apps().deployments().inNamespace(NS)
                            .withName("app-0").get().getSpec().getReplicas()));
            double created = timeToAct(() -> cluster.client.resource(Bench.app(NS, "after-restart")).create(),
                    () -> cluster.client.apps().deployments().inNamespace(NS).withName("after-restart").get() != null);
            detail.put("appChangeActedOnSeconds", round(changed));
            detail.put("appCreationActedOnSeconds", round(created));
            figures.put("apiServerRestartStaleInformers", changed > 10 || created > 10 ? 1 : 0);
        } finally {
            driver.shutdownNow();
        }
        detail.put("loadAverageAtEnd", Bench.loadAverage());
        figures.put("apiServerRestart", detail);
    }

    /**
     * Runs the same releases twice through a Toxiproxy between the controller and the kube-apiserver:
     * once clean, once while the proxy cycles through 30 s of 500 ms added latency, 30 s taken down
     * (connections closed, new ones refused) and 15 s of connection resets, then 10 s clean. The
     * figure is the second run's time over the first's.
     */
    private void network(Map<String, Object> figures, int apps, int releasesPerApp) throws Exception {
        Map<String, Object> detail = detail(apps, releasesPerApp);
        Path server = Path.of(System.getProperty("slipway.toxiproxy", "toxiproxy-server"));
        URI upstream = URI.create(cluster.client.getConfiguration().getMasterUrl());
        ExecutorService driver = Executors.newFixedThreadPool(2);
        try (Toxiproxy toxiproxy = new Toxiproxy(server, work.resolve("toxiproxy.log"))) {
            String listen = toxiproxy.proxy("kube-apiserver", 0, upstream.getHost() + ":" + upstream.getPort());
            Path kubeconfig = work.resolve("controller-through-proxy.kubeconfig");
            Files.writeString(kubeconfig, Files.readString(cluster.kubeconfig)
                    .replace("server: https://" + upstream.getHost() + ":" + upstream.getPort(), "server: https://" + listen));
            double clean = releaseRun(kubeconfig, "clean", apps, releasesPerApp, driver, detail, null);
            double faulty = releaseRun(kubeconfig, NS, apps, releasesPerApp, driver, detail, toxiproxy);
            figures.put("networkReleaseTimeRatio", round(faulty / clean));
            detail.put("cleanSeconds", round(clean));
            detail.put("faultySeconds", round(faulty));
            detail.put("extraSeconds", round(faulty - clean));
        } finally {
            driver.shutdownNow();
        }
        detail.put("loadAverageAtEnd", Bench.loadAverage());
        figures.put("badNetwork", detail);
    }

    /**
     * The workload in {@code namespace} under a supervised controller that reaches the cluster through
     * {@code kubeconfig}, with the proxy's fault cycle running when {@code toxiproxy} is given; its
     * seconds until every release is final.
     */
    private double releaseRun(Path kubeconfig, String namespace, int apps, int releasesPerApp, ExecutorService driver,
            Map<String, Object> detail, Toxiproxy toxiproxy) throws Exception {
        if (!namespace.equals(NS)) {
            Bench.namespace(cluster.client, namespace);
        }
        String run = toxiproxy == null ? "clean" : "faulty";
        Future<?> faults = null;
        try (ReleaseWorkload workload = new ReleaseWorkload(cluster.client, namespace, apps, releasesPerApp, 16);
                Supervised controller = new Supervised(kubeconfig, namespace, driver)) {
            long start = System.nanoTime();
            if (toxiproxy != null) {
                List<String> cycle = new ArrayList<>();
                detail.put("faultsApplied", cycle);
                faults = driver.submit(() -> faultCycle(toxiproxy, "kube-apiserver", cycle));
            }
            workload.start();
            boolean allFinal = workload.runToEnd(RUN_LIMIT);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (faults != null) {
                faults.cancel(true);
            }
            Map<String, Object> outcome = workload.outcome();
            outcome.put("allReleasesFinal", allFinal);
            outcome.put("controllerExits", controller.exits());
            detail.put(run, outcome);
            log("%s run: %s in %.1f s", run, outcome.get("releasesByPhase"), seconds);
            return seconds;
        }
    }

    private static Void faultCycle(Toxiproxy toxiproxy, String proxy, List<String> applied) throws Exception {
        try {
            while (true) {
                toxiproxy.addToxic(proxy, "latency", "latency", "downstream", 1.0, Map.of("latency", 500, "jitter", 0));
                applied.add("latency 500 ms, 30 s");
                Thread.sleep(30_000);
                toxiproxy.removeToxic(proxy, "latency");
                toxiproxy.enable(proxy, false);
                applied.add("down, 30 s");
                Thread.sleep(30_000);
                toxiproxy.enable(proxy, true);
                toxiproxy.addToxic(proxy, "resets", "reset_peer", "upstream", 0.5, Map.of("timeout", 1000));
                applied.add("half the connections reset 1 s after their first bytes, 15 s");
                Thread.sleep(15_000);
                toxiproxy.removeToxic(proxy, "resets");
                Thread.sleep(10_000);
            }
        } catch (InterruptedException stopped) {
            // The run ended: leave the proxy clean and up.
            for (String toxic : List.of("latency", "resets")) {
                try {
                    toxiproxy.removeToxic(proxy, toxic);
                } catch (IllegalStateException absent) {
                    // Not in place at this point of the cycle.
                }
            }
            toxiproxy.enable(proxy, true);
            return null;
        }
    }

    /**
     * One controller with leader election on, as users run it, started again whenever it exits, as
     * its pod would be by the kubelet (it exits when it cannot renew its Lease).
     */
    private final class Supervised implements AutoCloseable {
        private final Map<String, String> settings;
        private final Path kubeconfig;
        private final String namespace;
        private final Future<?> watch;
        private volatile ControllerProcess current;
        private volatile int exits;

        Supervised(Path kubeconfig, String namespace, ExecutorService driver) throws IOException, InterruptedException {
            this.kubeconfig = kubeconfig;
            this.namespace = namespace;
            this.settings = Map.of("SLIPWAY_LEADER_ELECTION", "true", "SLIPWAY_LEASE_NAMESPACE", namespace);
            this.current = start();
            this.watch = driver.submit(() -> {
                while (true) {
                    Thread.sleep(500);
                    if (!current.alive()) {
                        exits++;
                        log("the controller exited (%d); starting it again", exits);
                        current = start();
                    }
                }
            });
        }

        private ControllerProcess start() throws IOException, InterruptedException {
            return controller(kubeconfig, namespace, settings);
        }

        int exits() {
            return exits;
        }

        @Override
        public void close() throws InterruptedException {
            watch.cancel(true);
            current.close();
        }
    }

    private void scaleApp(String app, int replicas) {
        cluster.client.resources(App.class).inNamespace(NS).withName(app).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private interface Change {
        void make() throws Exception;
    }

    /** Seconds from making {@code change} until {@code acted}, at most 60. */
    private static double timeToAct(Change change, Bench.Check acted) throws Exception {
        long start = System.nanoTime();
        change.make();
        Bench.await(acted, "the controller to act on a change", Duration.ofSeconds(60));
        return (System.nanoTime() - start) / 1e9;
    }

    /** The index of the replica holding the Lease, once one does. */
    private int awaitLeader(List<ControllerProcess> replicas, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (int i = 0; i < replicas.size(); i++) {
                if (holderIs(replicas.get(i))) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no replica took the Lease within " + timeout.toSeconds() + " s");
    }

    /** Whether the Lease names {@code replica}: the controller's identity ends with its process id. */
    private boolean holderIs(ControllerProcess replica) {
        Lease lease = cluster.client.leases().inNamespace(NS).withName("slipway-controller").get();
        return lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null
                && lease.getSpec().getHolderIdentity().endsWith("-" + replica.pid()) && replica.alive();
    }

    private ControllerProcess controller(Map<String, String> settings) throws IOException, InterruptedException {
        return controller(cluster.kubeconfig, NS, settings);
    }

    /** A controller JVM, not waited for; each start logs to a file of its own. */
    private synchronized ControllerProcess controller(Path kubeconfig, String namespace, Map<String, String> settings)
            throws IOException, InterruptedException {
        started++;
        return new ControllerProcess(root, kubeconfig, namespace, Bench.freePort(),
                work.resolve("controller-" + started + ".log"), settings, false);
    }

    /** The keys the issue names, from a workload's outcome; {@code prefix} keeps each mode's apart. */
    private static Map<String, Object> headline(Map<String, Object> outcome, String prefix) {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (String key : List.of("releasesCompleted", "releasesTotal", "releasesStuck", "maxHookJobsPerStep")) {
            keys.put(prefix.isEmpty() ? key : prefix + Character.toUpperCase(key.charAt(0)) + key.substring(1),
                    outcome.get(key));
        }
        return keys;
    }

    private static Map<String, Object> detail(int apps, int releasesPerApp) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("date", Instant.now().toString());
        detail.put("cores", Runtime.getRuntime().availableProcessors());
        detail.put("loadAverageAtStart", Bench.loadAverage());
        detail.put("apps", apps);
        detail.put("releasesPerApp", releasesPerApp);
        return detail;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
