package dev.slipway.cli;

import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.apiserver.ApiFixture;
import dev.slipway.apiserver.ApiTestBase;
import dev.slipway.apiserver.ControllerStandIn;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The slipway command against a running API server on the test cluster. */
@KubeClusterTest
class CliIT extends ApiTestBase {

    private static String viewer;

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop", "failing", "ui");
        viewer = api.user("viewer", "slipway-viewer");
    }

    record Run(int exit, String out, String err) {
    }

    private static Run slipway(String token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", api.uri("/").toString(), "--token", token, "-n", ns.name()));
        int exit = Slipway.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Plays the controller: moves the app's newest release through its steps to {@code end}. */
    private static void rollOut(String app, ReleasePhase end) {
        Release release = await().atMost(Duration.ofSeconds(10)).until(() -> ns.client().resources(Release.class).list()
                .getItems().stream().filter(r -> app.equals(r.getSpec().getApp())).findFirst().orElse(null), r -> r != null);
        List<List<ReleaseStep>> progress = List.of(
                List.of(step(StepName.PRE_HOOK, StepPhase.Running, null), step(StepName.ROLLOUT, StepPhase.Pending, null)),
                List.of(step(StepName.PRE_HOOK, StepPhase.Complete, null),
                        step(StepName.ROLLOUT, StepPhase.Running, "1 of 2 new pods available")),
                List.of(step(StepName.PRE_HOOK, StepPhase.Complete, null), end == ReleasePhase.Complete
                        ? step(StepName.ROLLOUT, StepPhase.Complete, "2 of 2 new pods available")
                        : step(StepName.ROLLOUT, StepPhase.Failed, "progress deadline exceeded")));
        for (int i = 0; i < progress.size(); i++) {
            ReleasePhase phase = i == progress.size() - 1 ? end : ReleasePhase.Running;
            ControllerStandIn.progress(ns.client(), release.getMetadata().getName(), phase, progress.get(i));
        }
    }

    @Test
    void releaseFollowPrintsTheStepsAndExitsZeroOnComplete() throws Exception {
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(
                () -> slipway(developer, "release", "shop", "--reason", "ship it", "--follow"));

        rollOut("shop", ReleasePhase.Complete);

        Run result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("shop-1 requested (revision 1): requested by system:serviceaccount:")
                .containsSubsequence("pre-hook", "Running", "rollout", "1 of 2 new pods available",
                        "rollout", "Complete", "shop-1 Complete");
    }

    @Test
    void aFailedReleaseExitsNonZero() throws Exception {
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> slipway(developer, "release", "failing", "--follow"));

        rollOut("failing", ReleasePhase.Failed);

        Run result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains("progress deadline exceeded").contains("failing-1 Failed");
    }

    @Test
    void appsHistoryAndRollback() {
        assertThat(slipway(developer, "release", "ui", "--image", "registry.example/ui:1").exit()).isZero();
        assertThat(slipway(developer, "release", "ui", "--image", "registry.example/ui:2").exit()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> slipway(viewer, "history", "ui").out().contains("registry.example/ui:2"));

        Run rollback = slipway(developer, "rollback", "ui", "--to", "1");
        Run apps = slipway(viewer, "apps");

        assertThat(rollback.exit()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("ui-3 requested (revision 3)").contains("rollback to 1");
        assertThat(apps.out()).contains("NAME").contains("shop").contains("ui");
        await().atMost(Duration.ofSeconds(5)).until(() -> slipway(viewer, "history", "ui").out().lines().count() == 4);
        assertThat(slipway(viewer, "status", "ui").out()).contains("latest:   ui-3");
    }

    @Test
    void errorsAreOneClearLine() {
        Run forbidden = slipway(viewer, "release", "shop");
        Run missing = slipway(developer, "status", "ghost");
        Run unreachable = run("--server", "http://127.0.0.1:1/", "--token", "x", "-n", ns.name(), "apps");
        Run noServer = run("--token", "x", "-n", "demo", "apps");

        assertThat(forbidden.exit()).isEqualTo(1);
        assertThat(forbidden.err()).startsWith("slipway: user \"system:serviceaccount:").contains("cannot create releases")
                .contains("(request ");
        assertThat(missing.err()).startsWith("slipway: app \"ghost\" not found");
        assertThat(unreachable.err()).startsWith("slipway: cannot reach the API server at http://127.0.0.1:1/");
        assertThat(noServer.err()).isEqualTo("slipway: no API server: pass --server or set SLIPWAY_API_SERVER"
                + System.lineSeparator());
        assertThat(List.of(forbidden, missing, unreachable, noServer)).allSatisfy(run -> {
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).doesNotContain("\tat ");
        });
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Slipway.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
