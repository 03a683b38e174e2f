package dev.slipway.apiserver.handlers;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.apiserver.http.ApiError;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.slipway.apiserver.ControllerStandIn.hookStep;
import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;

class HookAttemptTest {

    private static Release release(ReleaseStep... steps) {
        Release release = new Release();
        release.setMetadata(new ObjectMetaBuilder().withName("shop-7").withNamespace("demo").build());
        ReleaseSpec spec = new ReleaseSpec();
        spec.setApp("shop");
        spec.setRevision(7L);
        release.setSpec(spec);
        ReleaseStatus status = new ReleaseStatus();
        status.setPhase(ReleasePhase.Running);
        status.setSteps(List.of(steps));
        release.setStatus(status);
        return release;
    }

    private static Pod pod(String name, String created) {
        return new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata().build();
    }

    @Test
    void theLatestAttemptIsTheJobTheStatusNamesAndMayStillStartWhileTheStepRuns() {
        Release release = release(hookStep(StepName.PRE_HOOK, StepPhase.Running, 2, "shop-7-pre-2"),
                step(StepName.ROLLOUT, StepPhase.Pending, null));

        assertThat(HookAttempt.of(release, StepName.PRE_HOOK, null))
                .isEqualTo(new HookAttempt("pre", 2, "shop-7-pre-2", true))
                .isEqualTo(HookAttempt.of(release, StepName.PRE_HOOK, 2));
    }

    @Test
    void anEarlierAttemptIsNamedAsTheControllerNamesItAndIsNeverStillToStart() {
        Release release = release(hookStep(StepName.MID_HOOK, StepPhase.Running, 3, "shop-7-mid-3"));

        assertThat(HookAttempt.of(release, StepName.MID_HOOK, 1)).isEqualTo(new HookAttempt("mid", 1, "shop-7-mid-1", false));
    }

    @Test
    void aHookThatEndedHasNoPodToWaitFor() {
        Release release = release(hookStep(StepName.POST_HOOK, StepPhase.Failed, 1, "shop-7-post-1"));

        assertThat(HookAttempt.of(release, StepName.POST_HOOK, null).mayStillStart()).isFalse();
    }

    @Test
    void aMissingStepAnUnstartedHookAndAnAttemptNotMadeAre404s() {
        Release release = release(hookStep(StepName.PRE_HOOK, StepPhase.Complete, 1, "shop-7-pre-1"),
                step(StepName.ROLLOUT, StepPhase.Running, null), step(StepName.POST_HOOK, StepPhase.Pending, null));

        assertThat(notFound(() -> HookAttempt.of(release, StepName.MID_HOOK, null)))
                .isEqualTo("release \"shop-7\" has no mid hook");
        assertThat(notFound(() -> HookAttempt.of(release, StepName.POST_HOOK, null)))
                .isEqualTo("the post hook of release \"shop-7\" has not started (post-hook is Pending)");
        assertThat(notFound(() -> HookAttempt.of(release, StepName.PRE_HOOK, 2)))
                .isEqualTo("the pre hook of release \"shop-7\" has made 1 attempt, not 2");
        assertThat(notFound(() -> HookAttempt.of(release(), StepName.PRE_HOOK, null)))
                .isEqualTo("release \"shop-7\" has not started: it has no steps yet");
        Release pending = release();
        pending.setStatus(null);
        assertThat(notFound(() -> HookAttempt.of(pending, StepName.PRE_HOOK, null)))
                .isEqualTo("release \"shop-7\" has not started: it has no steps yet");
    }

    @Test
    void theNewestPodOfTheJobIsTheAttemptsPod() {
        assertThat(HookAttempt.newest(List.of(pod("shop-7-pre-1-abcde", "2025-03-01T10:00:00Z"),
                pod("shop-7-pre-1-fghij", "2025-03-01T10:02:30Z"), pod("shop-7-pre-1-klmno", "2025-03-01T10:01:00Z"))))
                .hasValueSatisfying(p -> assertThat(p.getMetadata().getName()).isEqualTo("shop-7-pre-1-fghij"));
        assertThat(HookAttempt.newest(List.of())).isEmpty();
    }

    private static String notFound(Runnable lookup) {
        try {
            lookup.run();
        } catch (ApiError e) {
            assertThat(e.status()).isEqualTo(404);
            return e.getMessage();
        }
        throw new AssertionError("no 404");
    }
}
