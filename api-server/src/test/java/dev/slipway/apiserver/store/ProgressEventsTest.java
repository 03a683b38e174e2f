package dev.slipway.apiserver.store;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildSpec;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;

class ProgressEventsTest {

    private static Release release(String resourceVersion, ReleasePhase phase, ReleaseStep... steps) {
        Release release = new Release();
        release.setMetadata(new ObjectMetaBuilder().withName("shop-3").withNamespace("demo")
                .withResourceVersion(resourceVersion).build());
        ReleaseSpec spec = new ReleaseSpec();
        spec.setApp("shop");
        spec.setRevision(3L);
        release.setSpec(spec);
        if (phase != null) {
            ReleaseStatus status = new ReleaseStatus();
            status.setPhase(phase);
            status.setSteps(List.of(steps));
            release.setStatus(status);
        }
        return release;
    }

    private static List<String> shown(List<AppEvent> events) {
        return events.stream().map(e -> e.id() + " " + e.type() + " " + e.data().getString("step", "-") + " "
                + e.data().getString("phase")).toList();
    }

    @Test
    void aNewReleaseIsPending() {
        assertThat(shown(ProgressEvents.releaseChanges(null, release("10", null))))
                .containsExactly("10-0 release - Pending");
    }

    @Test
    void onlyChangedStepsAreReportedInStepOrder() {
        Release before = release("11", ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Running, null),
                step(StepName.ROLLOUT, StepPhase.Pending, null));
        Release after = release("12", ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Complete, null),
                step(StepName.ROLLOUT, StepPhase.Running, "1 of 3"));

        assertThat(shown(ProgressEvents.releaseChanges(before, after)))
                .containsExactly("12-0 release-step pre-hook Complete", "12-1 release-step rollout Running");
        assertThat(ProgressEvents.releaseChanges(after, after)).isEmpty();
    }

    @Test
    void aNewMessageIsAChange() {
        Release before = release("11", ReleasePhase.Running, step(StepName.ROLLOUT, StepPhase.Running, "1 of 3"));
        Release after = release("12", ReleasePhase.Running, step(StepName.ROLLOUT, StepPhase.Running, "2 of 3"));

        assertThat(ProgressEvents.releaseChanges(before, after)).singleElement()
                .satisfies(e -> assertThat(e.data().getString("message")).isEqualTo("2 of 3"));
    }

    @Test
    void aStartingReleaseReportsItsPhaseFirstAndAnEndingOneLast() {
        Release pending = release("10", null);
        Release running = release("11", ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Running, null));
        Release failed = release("12", ReleasePhase.Failed, step(StepName.PRE_HOOK, StepPhase.Failed, "exit 1"));

        assertThat(shown(ProgressEvents.releaseChanges(pending, running)))
                .containsExactly("11-0 release - Running", "11-1 release-step pre-hook Running");
        assertThat(shown(ProgressEvents.releaseChanges(running, failed)))
                .containsExactly("12-0 release-step pre-hook Failed", "12-1 release - Failed");
    }

    @Test
    void aBuildReportsPhaseChangesOnly() {
        Build build = build("5", null);
        Build running = build("6", BuildPhase.Running);

        assertThat(shown(ProgressEvents.buildChanges(null, build))).containsExactly("5-0 build - New");
        assertThat(shown(ProgressEvents.buildChanges(build, running))).containsExactly("6-0 build - Running");
        assertThat(ProgressEvents.buildChanges(running, running)).isEmpty();
    }

    @Test
    void aCompleteBuildNamesItsBuilderAndImage() {
        Build complete = build("7", BuildPhase.Complete);
        complete.getStatus().setBuilder("node");
        complete.getStatus().setImage("registry.local/demo/shop@sha256:" + "ab".repeat(32));

        assertThat(ProgressEvents.buildChanges(build("6", BuildPhase.Running), complete)).singleElement().satisfies(e -> {
            assertThat(e.data().getString("builder")).isEqualTo("node");
            assertThat(e.data().getString("image")).endsWith("ab".repeat(32));
        });
    }

    /** Build shop-build-1 at {@code resourceVersion}, in {@code phase} (no status when null). */
    private static Build build(String resourceVersion, BuildPhase phase) {
        Build build = new Build();
        build.setMetadata(new ObjectMetaBuilder().withName("shop-build-1").withNamespace("demo")
                .withResourceVersion(resourceVersion).build());
        BuildSpec spec = new BuildSpec();
        spec.setApp("shop");
        build.setSpec(spec);
        if (phase != null) {
            build.setStatus(new BuildStatus());
            build.getStatus().setPhase(phase);
        }
        return build;
    }
}
