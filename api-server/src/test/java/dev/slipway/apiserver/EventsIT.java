package dev.slipway.apiserver;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.TestNamespace;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event stream of an App shows every step of a release and every phase of a build, in order.
 * The controller is not part of this module, so the test moves the release along itself, as the
 * controller would, by writing its status.
 */
@KubeClusterTest
class EventsIT extends ApiTestBase {

    @BeforeAll
    static void start(TestNamespace namespace) {
        startApi(namespace, ApiFixture.testSettings().withHeartbeat(Duration.ofSeconds(1)), "shop");
    }

    /** An open event stream: its frames as "event data" strings, and its comment lines. */
    static final class Stream implements AutoCloseable {
        final BlockingQueue<Map<String, String>> frames = new LinkedBlockingQueue<>();
        final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
        private final InputStream body;

        Stream(String lastEventId) {
            Map<String, String> headers = lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId);
            HttpResponse<InputStream> response;
            try {
                response = api.http.send(api.request(api.apps("/shop/events"), developer, headers).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (response.statusCode() != 200) {
                try (InputStream error = response.body()) {
                    throw new AssertionError(response.statusCode() + " " + new String(error.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            body = response.body();
            Thread reader = new Thread(this::read, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                Map<String, String> frame = new java.util.HashMap<>();
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith(":")) {
                        comments.add(line.substring(1).strip());
                    } else if (line.isEmpty()) {
                        if (!frame.isEmpty()) {
                            frames.add(frame);
                            frame = new java.util.HashMap<>();
                        }
                    } else {
                        String[] field = line.split(": ?", 2);
                        frame.put(field[0], field.length > 1 ? field[1] : "");
                    }
                }
            } catch (IOException closed) {
                // The test closed the stream.
            }
        }

        String awaitComment() throws InterruptedException {
            String comment = comments.poll(10, TimeUnit.SECONDS);
            assertThat(comment).as("a comment line within 10 s").isNotNull();
            return comment;
        }

        Map<String, String> next() throws InterruptedException {
            Map<String, String> frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("an event within 10 s").isNotNull();
            return frame;
        }

        /** The next event, shown as "type subject phase message". */
        String nextShown() throws InterruptedException {
            return show(next());
        }

        static String show(Map<String, String> frame) {
            JsonObject data = new JsonObject(frame.get("data"));
            String subject = data.containsKey("step") ? data.getString("step")
                    : "build".equals(frame.get("event")) ? "build" : "release";
            return (frame.get("event") + " " + subject + " " + data.getString("phase") + " "
                    + (data.getString("message") == null ? "" : data.getString("message"))).strip();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private static void progress(String release, ReleasePhase phase, ReleaseStep... steps) {
        ControllerStandIn.progress(ns.client(), release, phase, List.of(steps));
    }

    @Test
    void aClientSeesEveryStepOfAReleaseInOrderAndResumesWhereItLeftOff() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String release;
        try (Stream stream = new Stream(null)) {
            assertThat(stream.awaitComment()).isEqualTo("subscribed");
            HttpResponse<String> created = api.post(api.apps("/shop/releases"), developer, "{\"reason\": \"follow me\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            release = new JsonObject(created.body()).getJsonObject("metadata").getString("name");

            List<UnaryOperator<Void>> moves = List.of(
                    v -> { progress(release, ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Running, null),
                            step(StepName.ROLLOUT, StepPhase.Pending, null)); return null; },
                    v -> { progress(release, ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Complete, null),
                            step(StepName.ROLLOUT, StepPhase.Running, "1 of 2 new pods available")); return null; },
                    v -> { progress(release, ReleasePhase.Running, step(StepName.PRE_HOOK, StepPhase.Complete, null),
                            step(StepName.ROLLOUT, StepPhase.Running, "2 of 2 new pods available")); return null; },
                    v -> { progress(release, ReleasePhase.Complete, step(StepName.PRE_HOOK, StepPhase.Complete, null),
                            step(StepName.ROLLOUT, StepPhase.Complete, "2 of 2 new pods available")); return null; });
            Map<String, String> first = stream.next();
            seen.add(Stream.show(first));
            ids.add(first.get("id"));
            for (UnaryOperator<Void> move : moves) {
                move.apply(null);
            }
            while (seen.size() < 8) {
                Map<String, String> frame = stream.next();
                seen.add(Stream.show(frame));
                ids.add(frame.get("id"));
            }
            assertThat(stream.awaitComment()).isEqualTo("heartbeat");
        }

        assertThat(seen).containsExactly(
                "release release Pending",
                "release release Running",
                "release-step pre-hook Running",
                "release-step rollout Pending",
                "release-step pre-hook Complete",
                "release-step rollout Running 1 of 2 new pods available",
                "release-step rollout Running 2 of 2 new pods available",
                "release-step rollout Complete 2 of 2 new pods available");
        // The final phase comes after the last step; resuming from the third event replays the rest in order.
        try (Stream resumed = new Stream(ids.get(2))) {
            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replayed.add(resumed.nextShown());
            }
            assertThat(replayed).containsExactlyElementsOf(
                    List.of(seen.get(3), seen.get(4), seen.get(5), seen.get(6), seen.get(7), "release release Complete"));
        }
    }

    @Test
    void aClientSeesEachPhaseOfABuild() throws Exception {
        try (Stream stream = new Stream(null)) {
            stream.awaitComment();
            HttpResponse<String> created = api.post(api.apps("/shop/builds"), developer, "{\"ref\": \"main\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String build = new JsonObject(created.body()).getJsonObject("metadata").getString("name");

            for (BuildPhase phase : List.of(BuildPhase.Pending, BuildPhase.Running, BuildPhase.Complete)) {
                ns.client().resources(Build.class).withName(build).editStatus(b -> {
                    BuildStatus status = new BuildStatus();
                    status.setPhase(phase);
                    b.setStatus(status);
                    return b;
                });
            }

            List<String> seen = new ArrayList<>();
            while (seen.size() < 4) {
                String shown = stream.nextShown();
                if (shown.startsWith("build")) {
                    seen.add(shown);
                }
            }
            assertThat(seen).containsExactly("build build New", "build build Pending", "build build Running",
                    "build build Complete");
        }
    }
}
