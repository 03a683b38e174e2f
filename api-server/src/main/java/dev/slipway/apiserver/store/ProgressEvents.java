package dev.slipway.apiserver.store;

import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two states of a Release or a Build, as events a person following a release
 * wants to see. Pure: the informers hand in the states, the hub sends the events.
 */
public final class ProgressEvents {

    /** The annotation the controller puts on a release that a completed build started: the build's name. */

    private ProgressEvents() {
    }

    /**
     * A release's phase when it changed, and each step whose phase or message changed, in step
     * order. A release that ends reports its last steps before its final phase; one that starts
     * reports its phase first.
     */
    public static List<AppEvent> releaseChanges(Release before, Release after) {
        if (after.getSpec() == null) {
            return List.of();
        }
        List<JsonObject> steps = new ArrayList<>();
        for (ReleaseStep step : stepsOf(after)) {
            ReleaseStep old = stepsOf(before).stream().filter(s -> s.getName() == step.getName()).findFirst().orElse(null);
            if (old == null || old.getPhase() != step.getPhase() || !Objects.equals(old.getMessage(), step.getMessage())) {
                steps.add(releaseData(after).put("step", step.getName() == null ? null : step.getName().value())
                        .put("phase", step.getPhase() == null ? null : step.getPhase().name())
                        .put("message", step.getMessage())
                        .put("job", step.getJob()));
            }
        }
        ReleasePhase was = before == null ? null : phaseOf(before);
        ReleasePhase now = phaseOf(after);
        boolean phaseChanged = before == null || was != now;
        boolean ended = now.isFinal();
        List<String> types = new ArrayList<>();
        List<JsonObject> data = new ArrayList<>();
        if (phaseChanged && !ended) {
            types.add("release");
            data.add(releaseData(after).put("phase", now.name()));
        }
        steps.forEach(s -> {
            types.add("release-step");
            data.add(s);
        });
        if (phaseChanged && ended) {
            types.add("release");
            data.add(releaseData(after).put("phase", now.name()));
        }
        return events(after, after.getSpec().getApp(), types, data);
    }

    /** A build's phase when it changed, with its message and, once known, its builder and image. */
    public static List<AppEvent> buildChanges(Build before, Build after) {
        if (after.getSpec() == null) {
            return List.of();
        }
        BuildPhase now = after.getStatus() == null || after.getStatus().getPhase() == null
                ? BuildPhase.New : after.getStatus().getPhase();
        BuildPhase was = before == null || before.getStatus() == null || before.getStatus().getPhase() == null
                ? BuildPhase.New : before.getStatus().getPhase();
        if (before != null && was == now) {
            return List.of();
        }
        JsonObject data = new JsonObject().put("build", after.getMetadata().getName()).put("phase", now.name());
        if (after.getStatus() != null) {
            data.put("message", after.getStatus().getMessage()).put("builder", after.getStatus().getBuilder())
                    .put("image", after.getStatus().getImage());
        }
        return events(after, after.getSpec().getApp(), List.of("build"), List.of(data));
    }

    private static List<AppEvent> events(io.fabric8.kubernetes.api.model.HasMetadata source, String app,
                                         List<String> types, List<JsonObject> data) {
        List<AppEvent> events = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            events.add(new AppEvent(source.getMetadata().getNamespace(), app,
                    source.getMetadata().getResourceVersion() + "-" + i, types.get(i), data.get(i)));
        }
        return events;
    }

    private static JsonObject releaseData(Release release) {
        JsonObject data = new JsonObject().put("release", release.getMetadata().getName())
                .put("revision", release.getSpec().getRevision());
        String build = release.getMetadata().getAnnotations() == null ? null
                : release.getMetadata().getAnnotations().get(Labels.FROM_BUILD);
        return build == null ? data : data.put("build", build);
    }

    private static ReleasePhase phaseOf(Release release) {
        return release.getStatus() == null || release.getStatus().getPhase() == null
                ? ReleasePhase.Pending : release.getStatus().getPhase();
    }

    private static List<ReleaseStep> stepsOf(Release release) {
        return release == null || release.getStatus() == null || release.getStatus().getSteps() == null
                ? List.of() : release.getStatus().getSteps();
    }
}
