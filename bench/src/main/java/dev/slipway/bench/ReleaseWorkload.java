package dev.slipway.bench;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The releases a chaos run keeps going while it breaks something: {@code apps} Apps, every other one
 * Recreate with pre, mid and post hooks and the rest Rolling with pre and post hooks, each hook's pod
 * running a duration of its own (the fake node's {@code test.slipway.dev/run-duration}); each App
 * released {@code releasesPerApp} times one after the other (its creation, then image changes, each
 * once the one before is final).
 *
 * <p>Hook Jobs are counted from the cluster: a watch notes the uid of every hook Job ever created, per
 * release and hook step, so a Job deleted and made again counts twice, whatever the controller logs.
 */
final class ReleaseWorkload implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final int apps;
    private final int releasesPerApp;
    private final Random random;
    private final Map<String, Set<String>> hookJobUids = new ConcurrentHashMap<>();
    private final Map<String, Integer> revisionOf = new ConcurrentHashMap<>();
    private final Watch hookJobs;

    ReleaseWorkload(KubernetesClient client, String namespace, int apps, int releasesPerApp, long seed) {
        this.client = client;
        this.namespace = namespace;
        this.apps = apps;
        this.releasesPerApp = releasesPerApp;
        this.random = new Random(seed);
        // A watch, not a list at the end: it sees a Job even if it is deleted later. It resumes from its
        // last resource version when its connection breaks.
        this.hookJobs = client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.ROLE, Labels.HOOK)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Job job) {
                        if (action == Action.ADDED || action == Action.MODIFIED) {
                            note(job);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        Bench.log("the watch of hook Jobs ended (%s): Jobs deleted from now on go uncounted",
                                cause.getMessage());
                    }
                });
    }

    private void note(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        hookJobUids.computeIfAbsent(labels.get(Labels.RELEASE) + "/" + labels.get(Labels.STEP),
                k -> ConcurrentHashMap.newKeySet()).add(job.getMetadata().getUid());
    }

    /** Creates the Apps: their first releases. */
    void start() throws Exception {
        List<String> apps = names();
        List<App> made = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            made.add(app(apps.get(i), i % 2 == 0));
        }
        Bench.parallel(made.size(), i -> client.resource(made.get(i)).create());
        apps.forEach(a -> revisionOf.put(a, 1));
    }

    /**
     * Moves each App whose current release is final to its next image; true once every App's last
     * release is final. Call it from the run's loop as often as it likes (one LIST per call).
     */
    boolean advance() {
        Map<String, ReleasePhase> phases = phases();
        boolean done = true;
        for (String app : names()) {
            int revision = revisionOf.get(app);
            ReleasePhase phase = phases.get(app + "-" + revision);
            if (phase == null || !phase.isFinal()) {
                done = false;
            } else if (revision < releasesPerApp) {
                client.resources(App.class).inNamespace(namespace).withName(app).patch(
                        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"image\":\"" + image(app, revision + 1) + "\"}}");
                revisionOf.put(app, revision + 1);
                done = false;
            }
        }
        return done;
    }

    /** Releases, final phases and hook Jobs, as the cluster has them now. */
    Map<String, Object> outcome() {
        // Those the watch may have missed while it was away (a kube-apiserver restart can end it).
        client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.ROLE, Labels.HOOK).list().getItems()
                .forEach(this::note);
        Map<String, ReleasePhase> phases = phases();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("releasesTotal", apps * releasesPerApp);
        outcome.put("releasesCompleted", phases.values().stream().filter(p -> p == ReleasePhase.Complete).count());
        outcome.put("releasesByPhase", phases.values().stream()
                .collect(Collectors.groupingBy(ReleasePhase::name, Collectors.counting())));
        outcome.put("releasesStuck", phases.values().stream().filter(p -> !p.isFinal()).count()
                + (apps * releasesPerApp - phases.size()));
        outcome.put("hookStepsRun", hookJobUids.size());
        outcome.put("maxHookJobsPerStep", hookJobUids.values().stream().mapToInt(Set::size).max().orElse(0));
        outcome.put("hookStepsWithMoreThanOneJob", hookJobUids.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).sorted().toList());
        outcome.put("hookStepsExpected", expectedHookSteps());
        return outcome;
    }

    /** Pre and post for every release, and mid for the Recreate Apps' releases. */
    private int expectedHookSteps() {
        int recreate = (apps + 1) / 2;
        return releasesPerApp * (apps * 2 + recreate);
    }

    private Map<String, ReleasePhase> phases() {
        return client.resources(Release.class).inNamespace(namespace).list().getItems().stream()
                .filter(r -> r.getStatus() != null && r.getStatus().getPhase() != null)
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r.getStatus().getPhase()));
    }

    private List<String> names() {
        return java.util.stream.IntStream.range(0, apps).mapToObj(i -> "app-" + i).toList();
    }

    private App app(String name, boolean recreate) {
        Function<String, String> hook = step -> """
                {command: [bin/%s], podMetadata: {annotations: {test.slipway.dev/run-duration: "%dms"}}}"""
                .formatted(step, 500 + random.nextInt(3500));
        String hooks = "{pre: " + hook.apply("check") + (recreate ? ", mid: " + hook.apply("migrate") : "")
                + ", post: " + hook.apply("notify") + "}";
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: %s, namespace: %s}
                spec:
                  image: %s
                  replicas: 2
                  strategy: {type: %s}
                  hooks: %s
                """.formatted(name, namespace, image(name, 1), recreate ? "Recreate" : "Rolling", hooks), App.class);
    }

    private static String image(String app, int revision) {
        return "registry.example.com/chaos/" + app + ":" + revision;
    }

    /**
     * Waits, advancing, until every release is final or {@code timeout} has passed; true when all are
     * final. The kube-apiserver being away is waited out.
     */
    boolean runToEnd(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (advance()) {
                    return true;
                }
            } catch (KubernetesClientException apiAway) {
                // The kube-apiserver restarting under a chaos run: try again.
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Override
    public void close() {
        hookJobs.close();
    }
}
