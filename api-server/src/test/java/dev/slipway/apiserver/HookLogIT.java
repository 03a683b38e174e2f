package dev.slipway.apiserver;

import static dev.slipway.apiserver.ControllerStandIn.hookStep;
import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.RealNode;
import dev.slipway.testkit.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A release hook's log through the API, from the pods of hook Jobs on the real node: each attempt's
 * own log, the latest by default, streamed as it is written with {@code follow=true}. The
 * controller is not part of this module, so the test makes each attempt's Job as the controller
 * names it and writes the release's steps itself.
 */
@KubeClusterTest(realNode = true)
class HookLogIT extends ApiTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings(), "shop");
    }

    @Test
    void eachAttemptServesItsOwnPodsLogAndTheLatestIsTheDefault() {
        Created release = release();
        String first = hookJob(release, StepName.PRE_HOOK, 1,
                "echo 'applying 2 migrations'; echo 'relation users is locked'; exit 1");
        await().atMost(TIMEOUT).until(() -> job(first).getStatus(), endedAs(JobStatus::getFailed));
        String second = hookJob(release, StepName.PRE_HOOK, 2, "echo 'applying 2 migrations'; echo 'migrated'");
        await().atMost(TIMEOUT).until(() -> job(second).getStatus(), endedAs(JobStatus::getSucceeded));
        progress(release, ReleasePhase.Running, hookStep(StepName.PRE_HOOK, StepPhase.Complete, 2, second),
                step(StepName.ROLLOUT, StepPhase.Running, null));
        String log = hookLog(release, "pre");
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(log, developer).statusCode() == 200);

        HttpResponse<String> latest = api.get(log, developer);
        assertThat(latest.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(latest.body()).isEqualTo("applying 2 migrations\nmigrated\n");
        assertThat(api.get(log + "?attempt=2", developer).body()).isEqualTo(latest.body());
        assertThat(api.get(log + "?attempt=1", developer).body()).isEqualTo("applying 2 migrations\nrelation users is locked\n");
        assertError(api.get(log + "?attempt=3", developer), 404, "has made 2 attempts, not 3");
        assertError(api.get(hookLog(release, "mid"), developer), 404, "has no mid hook");
        assertError(api.get(log + "?attempt=0", developer), 400, null);
        assertError(api.get(log.replace("/hooks/pre/", "/hooks/rollout/"), developer), 400, null);
    }

    @Test
    void aFollowedHookLogStreamsWhileThePodRunsAndEndsWithIt() throws Exception {
        Created release = release();
        String job = hookJob(release, StepName.POST_HOOK, 1,
                "for i in 1 2 3 4 5; do echo \"notified $i\"; sleep 1; done; echo 'all notified'");
        progress(release, ReleasePhase.Running, step(StepName.ROLLOUT, StepPhase.Complete, null),
                hookStep(StepName.POST_HOOK, StepPhase.Running, 1, job));
        String log = hookLog(release, "post");
        // 409 until the Job controller has made the pod.
        await().atMost(TIMEOUT).until(() -> api.get(log, developer).statusCode() == 200);

        List<String> lines = new ArrayList<>();
        List<String> phasesWhenRead = new ArrayList<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                api.request(log + "?follow=true", developer, Map.of()).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                phasesWhenRead.add(pod(job).getStatus().getPhase());
            }
        }

        assertThat(lines).containsExactly("notified 1", "notified 2", "notified 3", "notified 4", "notified 5",
                "all notified");
        assertThat(phasesWhenRead.get(0)).as("the first line arrives while the pod still runs").isIn("Pending", "Running");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(pod(job).getStatus().getPhase()));
        assertThat(api.get(log, developer).body()).isEqualTo(String.join("\n", lines) + "\n");
    }

    @Test
    void aRunningHookWithoutAPodIsAConflictAndOnceItEndedTheMissingPodIsGone() {
        Created release = release();
        String job = HookNames.job(release.name(), StepName.PRE_HOOK, 1);
        String log = hookLog(release, "pre");
        assertError(api.get(log, developer), 404, "has not started: it has no steps yet");

        progress(release, ReleasePhase.Running, hookStep(StepName.PRE_HOOK, StepPhase.Running, 1, job));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(log, developer).statusCode() == 409);
        assertError(api.get(log, developer), 409, "(Job " + job + ") has no pod yet");

        progress(release, ReleasePhase.Failed, hookStep(StepName.PRE_HOOK, StepPhase.Failed, 1, job));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(log, developer).statusCode() == 404);
        assertError(api.get(log, developer), 404, "(Job " + job + ") is gone");
    }

    /** A Release of the App as the server made it. */
    private record Created(String name, long revision) {
    }

    /** A new Release of the App, as a user asks for one, once the server's cache has it. */
    private static Created release() {
        HttpResponse<String> response = api.post(api.apps("/shop/releases"), developer,
                new JsonObject().put("image", RealNode.busyboxImage(ns.cluster())).encode());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonObject body = new JsonObject(response.body());
        Created created = new Created(body.getJsonObject("metadata").getString("name"),
                body.getJsonObject("spec").getLong("revision"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/shop/releases/" + created.revision()),
                developer).statusCode() == 200);
        return created;
    }

    private static String hookLog(Created release, String hook) {
        return api.apps("/shop/releases/" + release.revision() + "/hooks/" + hook + "/log");
    }

    /** Plays the controller: the Job of one attempt of a hook, named as it names them, running {@code script}. */
    private static String hookJob(Created release, StepName step, int attempt, String script) {
        String name = HookNames.job(release.name(), step, attempt);
        ns.client().batch().v1().jobs().resource(new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0)
                    .withNewTemplate().withNewSpec().withRestartPolicy("Never")
                        .addNewContainer().withName(HookNames.CONTAINER).withImage(RealNode.busyboxImage(ns.cluster()))
                        .withCommand("sh", "-c", script).endContainer()
                    .endSpec().endTemplate()
                .endSpec().build()).create();
        return name;
    }

    private static void progress(Created release, ReleasePhase phase, ReleaseStep... steps) {
        ControllerStandIn.progress(ns.client(), release.name(), phase, List.of(steps));
    }

    /** A Job of one pod (no retries) that ended as {@code count} counts: failed or succeeded. */
    private static Predicate<JobStatus> endedAs(Function<JobStatus, Integer> count) {
        return status -> status != null && Integer.valueOf(1).equals(count.apply(status));
    }

    private static Job job(String name) {
        return ns.client().batch().v1().jobs().withName(name).get();
    }

    private static Pod pod(String job) {
        return ns.client().pods().withLabel("job-name", job).list().getItems().get(0);
    }

    private static void assertError(HttpResponse<String> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonObject error = new JsonObject(response.body()).getJsonObject("error");
        assertThat(error.getString("requestId")).isNotBlank();
        if (messagePart != null) {
            assertThat(error.getString("message")).contains(messagePart);
        }
    }
}
