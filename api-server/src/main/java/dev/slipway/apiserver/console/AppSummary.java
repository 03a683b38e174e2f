package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.Release;

import java.time.Instant;
import java.util.List;

/** One App in a namespace's list: its phase, the revision serving, its URL, its last release and a build under way. */
public record AppSummary(String name, StateLabels phase, Long serving, String url, Long lastRevision,
                  StateLabels lastOutcome, String lastReleasedAt, String buildInProgress) {

    /** {@code releases} newest first, as the cache gives them; {@code builds} likewise. */
    static AppSummary of(App app, List<Release> releases, List<Build> builds) {
        var status = app.getStatus();
        Release last = releases.isEmpty() ? null : releases.get(0);
        Long serving = servingRevision(app, releases);
        String building = builds.stream()
                .filter(b -> b.getStatus() == null || b.getStatus().getPhase() == null
                        || b.getStatus().getPhase() == BuildPhase.New || b.getStatus().getPhase() == BuildPhase.Running)
                .map(b -> b.getMetadata().getName()).findFirst().orElse(null);
        return new AppSummary(app.getMetadata().getName(),
                StateLabels.of(status == null || status.getPhase() == null ? "Pending" : status.getPhase().name()),
                serving, status == null ? null : status.getUrl(),
                last == null ? null : last.getSpec().getRevision(),
                last == null ? null : StateLabels.of(last.getStatus() == null || last.getStatus().getPhase() == null
                        ? "Pending" : last.getStatus().getPhase().name()),
                last == null ? null : releasedAt(last), building);
    }

    /** The revision of the release the App's status names as current. */
    static Long servingRevision(App app, List<Release> releases) {
        String current = app.getStatus() == null ? null : app.getStatus().getCurrentRelease();
        return releases.stream().filter(r -> r.getMetadata().getName().equals(current))
                .map(r -> r.getSpec().getRevision()).findFirst().orElse(null);
    }

    private static String releasedAt(Release release) {
        var status = release.getStatus();
        String at = status == null ? null : status.getCompletedAt() != null ? status.getCompletedAt() : status.getStartedAt();
        Instant when = Durations.parse(at != null ? at : release.getMetadata().getCreationTimestamp());
        return when == null ? null : when.toString();
    }
}
