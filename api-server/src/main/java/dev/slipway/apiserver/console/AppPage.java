package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.Route;
import dev.slipway.apiserver.requests.Requests;
import io.fabric8.kubernetes.api.model.Event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the App page shows, read from the server's caches at one moment. */
public record AppPage(AppSummary summary, PipelineView pipeline, List<HistoryRow> history, List<BuildRow> builds,
               List<RouteRow> routes, List<ConditionRow> conditions, List<EventRow> events) {

    static final int HISTORY_ROWS = 20;
    static final int BUILD_ROWS = 5;
    static final int EVENT_ROWS = 20;

    /** {@code completed}: it ran to the end once, so rolling back to it restores something that served. */
    public record HistoryRow(long revision, StateLabels outcome, String image, String requestedBy, String reason,
                             String duration, boolean serving, boolean completed) {
    }

    public record BuildRow(String name, StateLabels phase, String trigger, String commit, String duration, String message,
                    boolean running) {
    }

    public record RouteRow(String name, String host, String path, StateLabels admitted, String reason, String message) {
    }

    public record ConditionRow(String type, StateLabels status, String reason, String message, String since) {
    }

    public record EventRow(String type, String reason, String object, String message, String lastSeen, int count) {
    }

    static AppPage of(App app, List<Release> releases, List<Build> builds, List<Route> routes, List<Event> events,
                      Instant now) {
        AppSummary summary = AppSummary.of(app, releases, builds);
        PipelineView pipeline = releases.isEmpty() ? null : PipelineView.of(releases.get(0),
                buildOf(releases.get(0), builds).orElse(null),
                app.getSpec() == null ? null : ReleaseConfigs.snapshot(app.getSpec()), now);
        List<HistoryRow> history = releases.stream().limit(HISTORY_ROWS).map(r -> new HistoryRow(
                r.getSpec().getRevision(),
                StateLabels.of(r.getStatus() == null || r.getStatus().getPhase() == null
                        ? "Pending" : r.getStatus().getPhase().name()),
                r.getSpec().getImage(), annotation(r, Requests.REQUESTED_BY), r.getSpec().getReason(),
                r.getStatus() == null ? "" : Durations.between(r.getStatus().getStartedAt(),
                        r.getStatus().getCompletedAt(), now),
                r.getSpec().getRevision().equals(summary.serving()),
                r.getStatus() != null && r.getStatus().getPhase() == ReleasePhase.Complete)).toList();
        List<BuildRow> buildRows = builds.stream().limit(BUILD_ROWS).map(b -> {
            var status = b.getStatus();
            String phase = status == null || status.getPhase() == null ? "New" : status.getPhase().name();
            return new BuildRow(b.getMetadata().getName(), StateLabels.of(phase), b.getSpec().getTrigger(),
                    status == null || status.getRevision() == null ? null : status.getRevision().getCommit(),
                    status == null ? "" : Durations.between(status.getStartedAt(), status.getCompletedAt(), now),
                    status == null ? null : status.getMessage(), status != null && status.getPodName() != null);
        }).toList();
        List<RouteRow> routeRows = routes.stream().map(r -> {
            Condition admitted = condition(r.getStatus() == null ? null : r.getStatus().getConditions(), "Admitted");
            return new RouteRow(r.getMetadata().getName(),
                    r.getStatus() != null && r.getStatus().getHost() != null ? r.getStatus().getHost()
                            : r.getSpec() == null ? null : r.getSpec().getHost(),
                    r.getSpec() == null ? null : r.getSpec().getPath(),
                    StateLabels.of(admitted == null || admitted.getStatus() == null ? "Unknown" : admitted.getStatus().name()),
                    admitted == null ? null : admitted.getReason(), admitted == null ? null : admitted.getMessage());
        }).toList();
        List<ConditionRow> conditions = (app.getStatus() == null || app.getStatus().getConditions() == null
                ? List.<Condition>of() : app.getStatus().getConditions()).stream()
                .map(c -> new ConditionRow(c.getType(),
                        StateLabels.ofCondition(c.getType(), c.getStatus() == null ? null : c.getStatus().name()),
                        c.getReason(), c.getMessage(), c.getLastTransitionTime())).toList();
        List<EventRow> eventRows = events.stream().limit(EVENT_ROWS).map(e -> new EventRow(e.getType(), e.getReason(),
                e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(), e.getMessage(),
                e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getMetadata().getCreationTimestamp(),
                e.getCount() == null ? 1 : e.getCount())).toList();
        return new AppPage(summary, pipeline, history, buildRows, routeRows, conditions, eventRows);
    }

    /** The build that started {@code release}, when one did and is still known. */
    private static Optional<Build> buildOf(Release release, List<Build> builds) {
        String name = annotation(release, Labels.FROM_BUILD);
        return name == null ? Optional.empty() : builds.stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst();
    }

    private static String annotation(Release release, String key) {
        Map<String, String> annotations = release.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static Condition condition(List<Condition> conditions, String type) {
        return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
