package dev.slipway.apiserver.console;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.AppSpec;
import dev.slipway.api.v1alpha1.AppStatus;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseSpec;
import dev.slipway.api.v1alpha1.ReleaseStatus;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesTest {

    private static final String MARKUP = "<script>alert(1)</script>";

    private final Templates templates = new Templates();

    @Test
    void theAppPageShowsValuesFromTheClusterAsTextNeverAsMarkup() {
        String html = templates.render("app", appModel(MARKUP));

        assertThat(html).doesNotContain(MARKUP).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void theAppPageListsTheReleaseStepsInOrderWithTheirStatesInWords() {
        String html = templates.render("app", appModel("faster checkout"));

        assertThat(html).containsSubsequence("data-step=\"pre-hook\" data-state=\"Complete\"",
                "data-step=\"rollout\" data-state=\"Running\"", "data-step=\"post-hook\" data-state=\"Pending\"");
        assertThat(html).contains("/ui/namespaces/shop-ns/apps/shop/releases/3/hooks/pre/log")
                .contains("attempts 1").contains("2 of 3 new pods ready");
    }

    @Test
    void aReleaseTheControllerHasNotPlannedYetShowsTheStepsOfTheAppsConfigAsPending() {
        Map<String, Object> model = appModel("x");
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop-ns").build());
        AppSpec spec = new AppSpec();
        spec.setImage("registry.test/shop:4");
        app.setSpec(spec);
        Release fresh = release(4, "just asked", ReleasePhase.Pending, List.of());
        fresh.setStatus(null);
        model.put("page", AppPage.of(app, List.of(fresh), List.of(), List.of(), List.of(), Instant.now()));

        String html = templates.render("app", model);

        assertThat(html).contains("data-step=\"rollout\" data-state=\"Pending\"").doesNotContain("data-step=\"pre-hook\"");
    }

    @Test
    void aUserWhoMayNotReleaseOrRollBackSeesNoFormForIt() {
        Map<String, Object> model = appModel("x");
        model.put("canRelease", false);
        model.put("canRollback", false);

        String html = templates.render("app", model);

        assertThat(html).doesNotContain("action=\"/ui/namespaces/shop-ns/apps/shop/releases\"")
                .doesNotContain("/rollback");
    }

    private static Map<String, Object> appModel(String reason) {
        App app = new App();
        app.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop-ns").build());
        AppSpec spec = new AppSpec();
        spec.setImage("registry.test/shop:3");
        app.setSpec(spec);
        AppStatus appStatus = new AppStatus();
        appStatus.setCurrentRelease("shop-2");
        app.setStatus(appStatus);
        Release newest = release(3, reason, ReleasePhase.Running, List.of(
                step(StepName.PRE_HOOK, StepPhase.Complete, "shop-3-pre-1", null),
                step(StepName.ROLLOUT, StepPhase.Running, null, "2 of 3 new pods ready, 1 old"),
                step(StepName.POST_HOOK, StepPhase.Pending, null, null)));
        Release serving = release(2, "first", ReleasePhase.Complete, List.of());
        AppPage page = AppPage.of(app, List.of(newest, serving), List.of(), List.of(), List.of(), Instant.now());
        Map<String, Object> model = new HashMap<>();
        model.put("title", "shop");
        model.put("user", "alice");
        model.put("csrf", "token");
        model.put("namespace", "shop-ns");
        model.put("app", "shop");
        model.put("page", page);
        model.put("canRelease", true);
        model.put("canRollback", true);
        return model;
    }

    private static Release release(long revision, String reason, ReleasePhase phase, List<ReleaseStep> steps) {
        Release release = new Release();
        release.setMetadata(new ObjectMetaBuilder().withName("shop-" + revision).build());
        ReleaseSpec spec = new ReleaseSpec();
        spec.setApp("shop");
        spec.setRevision(revision);
        spec.setReason(reason);
        spec.setImage("registry.test/shop:" + revision);
        release.setSpec(spec);
        ReleaseStatus status = new ReleaseStatus();
        status.setPhase(phase);
        status.setSteps(steps);
        status.setStartedAt("2026-12-01T10:00:00Z");
        release.setStatus(status);
        return release;
    }

    private static ReleaseStep step(StepName name, StepPhase phase, String job, String message) {
        ReleaseStep step = new ReleaseStep();
        step.setName(name);
        step.setPhase(phase);
        step.setJob(job);
        step.setMessage(message);
        if (job != null) {
            step.setAttempts(1);
            step.setStartedAt("2026-12-01T10:00:00Z");
            step.setFinishedAt("2026-12-01T10:00:07Z");
        }
        return step;
    }
}
