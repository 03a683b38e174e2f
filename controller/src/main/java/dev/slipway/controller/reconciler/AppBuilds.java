package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildOutput;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildSource;
import dev.slipway.api.v1alpha1.BuildSpec;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.model.Labels;
import dev.slipway.controller.model.Owners;
import dev.slipway.controller.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build side of an App, one step of the App reconciler: the first build of an App with a
 * source, the image trigger that asks for a release of each newly completed build, the build
 * history limits, and what the App's status says about builds. Running builds is the Build
 * reconciler's job; releasing goes through the one place releases are made.
 */
final class AppBuilds {

    public static final String BUILD_SUCCEEDED = "BuildSucceeded";
    /** How many Complete builds, and how many Failed or Cancelled ones, an App keeps. */
    static final int HISTORY_LIMIT = 5;

    private final ControllerSettings settings;
    private InformerEventSource<Build, App> builds;

    AppBuilds(ControllerSettings settings) {
        this.settings = settings;
    }

    /** The App's Builds, mapped to it by {@code spec.app}. */
    InformerEventSource<Build, App> eventSource(EventSourceContext<App> context) {
        builds = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Build.class, App.class).withName("app-builds")
                        .withSecondaryToPrimaryMapper(b -> Set.of(new ResourceID(b.getSpec().getApp(),
                                b.getMetadata().getNamespace())))
                        .withPrimaryToSecondaryMapper((App a) -> Set.of()).build(), context);
        return builds;
    }

    /**
     * Starts the first build, prunes old builds and, when triggers may act, releases the newest
     * completed build that no release ran yet. Returns the release it made.
     */
    Optional<Release> reconcile(App app, List<Release> releases, Optional<Release> latest, boolean triggersMayAct,
            EventRecorder events, KubernetesClient client) {
        List<Build> history = history(app);
        prune(history, client);
        if (app.getSpec().getSource() == null) {
            return Optional.empty();
        }
        if (history.isEmpty()) {
            firstBuild(app, events, client);
            return Optional.empty();
        }
        boolean imageTrigger = app.getSpec().getTriggers() == null || app.getSpec().getTriggers().getImage() == null
                || app.getSpec().getTriggers().getImage();
        Optional<Build> newest = history.stream().filter(b -> Builds.phase(b) == BuildPhase.Complete).max(Builds.AGE);
        if (!triggersMayAct || !imageTrigger || newest.isEmpty()
                || latest.map(l -> AppReconciler.annotation(l, Labels.CONFIG_HASH) == null).orElse(false)) {
            // Nothing to release, or a requested release is not resolved yet: it decides what runs next.
            return Optional.empty();
        }
        String name = newest.get().getMetadata().getName();
        if (releases.stream().anyMatch(r -> name.equals(AppReconciler.annotation(r, Labels.FROM_BUILD)))) {
            return Optional.empty();
        }
        return AppReconciler.createRelease(app, latest, newest.get().getStatus().getImage(), "image change: build " + name,
                Map.of(Labels.FROM_BUILD, name), events, client);
    }

    /**
     * The latest build in the App's status, phase Building while a build of an App with nothing
     * serving yet runs, and BuildSucceeded from the latest build that ended Complete or Failed.
     */
    void status(App app, AppStatus status, boolean serving, boolean releaseInFlight, Instant now) {
        List<Build> history = history(app);
        Optional<Build> latest = history.stream().max(Builds.AGE);
        status.setLatestBuild(latest.map(b -> b.getMetadata().getName()).orElse(null));
        if (!serving && !releaseInFlight && latest.map(b -> !Builds.isFinal(b)).orElse(false)) {
            status.setPhase(AppPhase.Building);
        }
        Optional<Build> ended = history.stream()
                .filter(b -> Builds.phase(b) == BuildPhase.Complete || Builds.phase(b) == BuildPhase.Failed)
                .max(Builds.AGE);
        if (ended.isPresent()) {
            boolean complete = Builds.phase(ended.get()) == BuildPhase.Complete;
            status.setConditions(Conditions.set(status.getConditions(), BUILD_SUCCEEDED, complete,
                    complete ? "BuildComplete" : "BuildFailed", ended.get().getMetadata().getName() + ": "
                            + (complete ? ended.get().getStatus().getImage() : ended.get().getStatus().getMessage()),
                    app.getMetadata().getGeneration(), now));
        }
    }

    /** The App's builds, oldest first. */
    private List<Build> history(App app) {
        String name = app.getMetadata().getName();
        return builds.list(app.getMetadata().getNamespace(), b -> name.equals(b.getSpec().getApp()))
                .sorted(Builds.AGE).toList();
    }

    /** {@code <app>-build-1} of the App's source, pushed to {@code <registry>/<namespace>/<app>}. */
    private void firstBuild(App app, EventRecorder events, KubernetesClient client) {
        String name = app.getMetadata().getName();
        BuildSpec spec = new BuildSpec();
        spec.setApp(name);
        BuildSource source = new BuildSource();
        source.setGit(Serialization.unmarshal(Serialization.asJson(app.getSpec().getSource().getGit()), GitSource.class));
        spec.setSource(source);
        spec.setBuilder(app.getSpec().getSource().getBuilder());
        BuildOutput output = new BuildOutput();
        output.setImage(BuildNames.outputImage(settings.registry(), app.getMetadata().getNamespace(), name));
        spec.setOutput(output);
        spec.setTrigger("source change");
        Build build = new Build();
        build.getMetadata().setName(BuildNames.name(name, 1));
        build.getMetadata().setNamespace(app.getMetadata().getNamespace());
        build.getMetadata().setLabels(Map.of(Labels.APP, name));
        build.getMetadata().setOwnerReferences(List.of(Owners.controllerReference(app)));
        build.setSpec(spec);
        try {
            client.resource(build).create();
            events.record(app, "BuildCreated", build.getMetadata().getName() + " (source change)", false);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Keeps the newest {@value #HISTORY_LIMIT} Complete builds and as many Failed or Cancelled ones. */
    private static void prune(List<Build> history, KubernetesClient client) {
        List<Build> complete = history.stream().filter(b -> Builds.phase(b) == BuildPhase.Complete).toList();
        List<Build> failed = history.stream().filter(Builds::isFinal)
                .filter(b -> Builds.phase(b) != BuildPhase.Complete).toList();
        for (List<Build> kind : List.of(complete, failed)) {
            kind.subList(0, Math.max(0, kind.size() - HISTORY_LIMIT)).forEach(b -> client.resource(b).delete());
        }
    }
}
