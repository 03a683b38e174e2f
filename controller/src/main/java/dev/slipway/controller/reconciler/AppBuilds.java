package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppChildren;
import dev.slipway.api.v1alpha1.AppPhase;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.ConditionTypes;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.SourceRevision;
import dev.slipway.api.v1alpha1.UploadSource;
import dev.slipway.controller.ControllerSettings;
import dev.slipway.controller.build.BuilderDigests;
import dev.slipway.controller.build.BuilderImageDigest;
import dev.slipway.controller.kube.ClusterWriter;
import dev.slipway.controller.kube.EventRecorder;
import dev.slipway.controller.status.Conditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build side of an App, one step of the App reconciler: the first build of an App with a
 * source, the builder image trigger that rebuilds it when its builder image's tag serves a new
 * digest, the image trigger that asks for a release of each newly completed build, the build
 * history limits, and what the App's status says about builds. Running builds is the Build
 * reconciler's job; releasing goes through the one place releases are made.
 */
final class AppBuilds {

    /** How many Complete builds, and how many Failed or Cancelled ones, an App keeps. */
    static final int HISTORY_LIMIT = 5;
    /** A release reason quotes this much of a commit's subject: the reason stays a line. */
    private static final int MAX_SUBJECT = 72;

    private final ControllerSettings settings;
    private final BuilderDigests builderDigests;
    private InformerEventSource<Build, App> builds;

    AppBuilds(ControllerSettings settings, BuilderDigests builderDigests) {
        this.settings = settings;
        this.builderDigests = builderDigests;
    }

    /**
     * The App's Builds, mapped to it by {@code spec.app}, and, unless the poll interval is zero, the
     * digest of its builder image.
     */
    List<EventSource<?, App>> eventSources(EventSourceContext<App> context) {
        builds = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Build.class, App.class).withName("app-builds")
                        .withSecondaryToPrimaryMapper(b -> Set.of(new ResourceID(b.getSpec().getApp(),
                                b.getMetadata().getNamespace())))
                        .withPrimaryToSecondaryMapper((App a) -> Set.of()).build(), context);
        builds.addIndexers(Map.of(Builds.BY_APP, Builds::appIndex));
        if (settings.builderPollInterval().isZero()) {
            return List.of(builds);
        }
        return List.of(builds, new BuilderImagePolling(settings.registry(), settings.builderPollInterval(),
                builderDigests).eventSource(context, this::history));
    }

    /** What the registry said last about the App's builder image; empty when nobody asks it. */
    Optional<BuilderImageDigest> builderDigest(Context<App> context) {
        return settings.builderPollInterval().isZero() ? Optional.empty()
                : context.getSecondaryResource(BuilderImageDigest.class);
    }

    /**
     * Starts the first build, prunes old builds, rebuilds on a new builder image digest and, when
     * triggers may act, releases the newest completed build that no release ran yet. Returns the
     * release it made.
     */
    Optional<Release> reconcile(App app, List<Build> history, List<Release> releases, Optional<Release> latest,
            boolean triggersMayAct, Optional<BuilderImageDigest> builderDigest, EventRecorder events,
            ClusterWriter writer, NamespaceLabels namespaces) {
        prune(history, writer);
        if (app.getSpec().getSource() == null) {
            return Optional.empty();
        }
        // An App without git is built from uploads only: its first build is the first upload, and a new
        // builder image cannot rebuild it, since an upload is deleted once its build ends.
        boolean fromGit = app.getSpec().getSource().getGit() != null;
        if (history.isEmpty() && fromGit) {
            startBuild(app, 1, "source change", Map.of(), events, writer);
            return Optional.empty();
        }
        boolean builderTrigger = fromGit && app.getSpec().triggersOrDefault().builderImageOrDefault();
        Optional<String> rebuild = builderTrigger
                ? BuilderImageTrigger.rebuild(app, history, builderDigest, settings.registry()) : Optional.empty();
        if (rebuild.isPresent()) {
            startBuild(app, BuildNames.nextNumber(app, history), BuilderImageTrigger.TRIGGER,
                    Map.of(Labels.BUILDER_IMAGE, rebuild.get()), events, writer);
        }
        boolean imageTrigger = app.getSpec().triggersOrDefault().imageOrDefault();
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
        // Whoever asked for the build asked for its release too, so they may not approve it either.
        Map<String, String> annotations = new HashMap<>(Map.of(Labels.FROM_BUILD, name));
        ReleaseApprovals.requester(newest.get()).ifPresent(user -> annotations.put(ReleaseApprovals.REQUESTED_BY, user));
        return AppReconciler.createRelease(app, latest, newest.get().getStatus().getImage(),
                "image change: build " + name + described(newest.get()), annotations, events, writer, namespaces);
    }

    /** What the build built, for a person: its commit, or who uploaded which folder. */
    static String described(Build build) {
        UploadSource upload = build.getSpec().getSource().getUpload();
        if (upload == null) {
            return described(build.getStatus().getRevision());
        }
        // sha256: and 7 hex digits, as short as a commit id.
        String digest = upload.getDigest().substring(0, Math.min(upload.getDigest().length(), 14));
        return " (upload " + digest + (upload.getUploadedBy() == null ? "" : " by " + upload.getUploadedBy()) + ")";
    }

    /** " (3f2a9c1 "Fix the login" by Alice)" for the release reason: what changed, for a person. */
    static String described(SourceRevision revision) {
        if (revision == null || revision.getCommit() == null || revision.getCommit().length() < 7) {
            return "";
        }
        String subject = revision.getMessage() == null ? "" : revision.getMessage();
        subject = subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT - 3) + "...";
        String author = revision.getAuthor() == null ? "" : revision.getAuthor().replaceAll("\\s*<[^>]*>$", "");
        return " (" + revision.getCommit().substring(0, 7) + (subject.isEmpty() ? "" : " \"" + subject + "\"")
                + (author.isEmpty() ? "" : " by " + author) + ")";
    }

    /**
     * The latest build in the App's status, phase Building while a build of an App with nothing
     * serving yet runs, and BuildSucceeded from the latest build that ended Complete or Failed.
     */
    void status(App app, List<Build> history, AppStatus status, boolean serving, boolean releaseInFlight, Instant now) {
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
            status.setConditions(Conditions.set(status.getConditions(), ConditionTypes.BUILD_SUCCEEDED, complete,
                    complete ? "BuildComplete" : "BuildFailed", ended.get().getMetadata().getName() + ": "
                            + (complete ? ended.get().getStatus().getImage() : ended.get().getStatus().getMessage()),
                    app.getMetadata().getGeneration(), now));
        }
    }

    /** The App's builds, oldest first. */
    List<Build> history(App app) {
        return builds.byIndex(Builds.BY_APP, Builds.appKey(app.getMetadata().getNamespace(), app.getMetadata().getName()))
                .stream().sorted(Builds.AGE).toList();
    }

    /**
     * Build {@code number} of the App's source at its ref, pushed to {@code <registry>/<namespace>/<app>}.
     * A name another pass (or the web API) took first is left alone: the next pass sees that build.
     */
    private void startBuild(App app, long number, String trigger, Map<String, String> annotations,
            EventRecorder events, ClusterWriter writer) {
        String name = app.getMetadata().getName();
        Build build = new Build();
        build.setMetadata(AppChildren.metadata(app, BuildNames.name(name, number), Map.of(), annotations));
        build.setSpec(BuildNames.spec(app, null, null, trigger, settings.registry()));
        writer.createOnce(build).ifPresent(b -> events.record(app, "BuildCreated",
                b.getMetadata().getName() + " (" + trigger + ")", false));
    }

    /** Keeps the newest {@value #HISTORY_LIMIT} Complete builds and as many Failed or Cancelled ones. */
    private static void prune(List<Build> history, ClusterWriter writer) {
        List<Build> complete = history.stream().filter(b -> Builds.phase(b) == BuildPhase.Complete).toList();
        List<Build> failed = history.stream().filter(Builds::isFinal)
                .filter(b -> Builds.phase(b) != BuildPhase.Complete).toList();
        for (List<Build> kind : List.of(complete, failed)) {
            writer.pruneOldest(kind, HISTORY_LIMIT);
        }
    }
}
