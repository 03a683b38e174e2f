package dev.slipway.cli;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.BuildStatus;
import dev.slipway.api.v1alpha1.HookNames;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StepPhase;
import dev.slipway.apiserver.ApiFixture;
import dev.slipway.apiserver.ApiTestBase;
import dev.slipway.apiserver.ControllerStandIn;
import dev.slipway.testkit.KubeClusterTest;
import dev.slipway.testkit.LocalRegistry;
import dev.slipway.testkit.TestNamespace;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static dev.slipway.apiserver.ControllerStandIn.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The slipway command against a running API server on the test cluster. */
@KubeClusterTest
class CliIT extends ApiTestBase {

    private static String viewer;

    /** The largest upload the server takes here: small, so a test folder can exceed it. */
    private static final long UPLOAD_LIMIT = 512 * 1024;
    private static LocalRegistry registry;

    @BeforeAll
    static void start(TestNamespace namespace) {
        registry = LocalRegistry.start();
        startApi(namespace, ApiFixture.testSettings().withUploads(registry.host(), UPLOAD_LIMIT), "shop", "failing", "ui");
        viewer = api.user("viewer", "slipway-viewer");
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: laptop}
                spec:
                  source: {builder: static}
                """, developer, "laptop");
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
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
    void approveAndRejectGoThroughTheApiWhereNobodyApprovesTheirOwnRelease() {
        String approver = api.user("approver", "slipway-approver");
        api.user("lead", "slipway-developer");
        String lead = api.user("lead", "slipway-approver");
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: vault}
                spec:
                  image: registry.example/vault:1
                  approval: {required: true}
                """, developer, "vault");
        assertThat(slipway(lead, "release", "vault", "--reason", "rotate keys").exit()).isZero();
        ControllerStandIn.progress(ns.client(), "vault-1", ReleasePhase.AwaitingApproval, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(api.apps("/vault/releases/1"), approver).body()
                .contains("AwaitingApproval"));

        Run own = slipway(lead, "approve", "vault", "1");
        Run notAllowed = slipway(developer, "reject", "vault", "1");
        Run approved = slipway(approver, "approve", "vault", "1", "--reason", "keys checked");

        assertThat(own.exit()).isEqualTo(1);
        assertThat(own.err()).contains("asked for this release; someone else must approve or reject it");
        assertThat(notAllowed.exit()).isEqualTo(1);
        assertThat(notAllowed.err()).contains("cannot approve releases.slipway.dev");
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(approved.out()).isEqualTo("vault-1 approved by system:serviceaccount:" + ns.name() + ":approver"
                + System.lineSeparator());
        assertThat(ns.client().resources(Release.class).withName("vault-1").get().getStatus().getApproval()
                .getReason()).isEqualTo("keys checked");
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
    void buildFromDirUploadsTheFolderWithoutWhatItsIgnoreFilesNameAndFollowsTheBuildThenItsRelease(@TempDir Path dir)
            throws Exception {
        // Given a folder with files its .gitignore and .dockerignore leave out, and a .git folder
        Map<String, String> files = Map.of("index.html", "<h1>from a laptop</h1>", "healthz", "ok",
                ".gitignore", "*.log\nbuild/\n", ".dockerignore", "secret.txt\n", "debug.log", "noise",
                "build/out.bin", "built", "secret.txt", "s3cret", ".git/HEAD", "ref: refs/heads/main");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(dir.resolve(file.getKey()).getParent());
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }

        // When a developer builds it with --follow, and the controller builds and releases it
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(
                () -> slipway(developer, "build", "laptop", "--from-dir", dir.toString(), "--follow"));
        Build build = await().atMost(Duration.ofSeconds(20)).until(() -> ns.client().resources(Build.class)
                .withName("laptop-build-1").get(), b -> b != null);
        List<String> uploaded = tarEntries(blob(build.getSpec().getSource().getUpload().getDigest()));
        complete(build);
        assertThat(ns.kubectl().apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: Release
                metadata:
                  name: laptop-1
                  annotations: {slipway.dev/from-build: laptop-build-1}
                spec: {app: laptop, revision: 1, image: "registry.test:5000/%s/laptop@sha256:%s", reason: "image change"}
                """.formatted(ns.name(), "1".repeat(64))).succeeded()).isTrue();
        rollOut("laptop", ReleasePhase.Complete);

        // Then the upload held the folder without the ignored files, and the command showed both to the end
        assertThat(uploaded).contains("index.html", "healthz", ".gitignore", ".dockerignore")
                .doesNotContain("debug.log", "build/out.bin", "secret.txt", ".git/HEAD");
        Run result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).containsSubsequence("Uploading 4 files", "laptop-build-1 started: requested by",
                "laptop-build-1 Complete", "laptop-1 started by laptop-build-1", "rollout", "laptop-1 Complete");
    }

    @Test
    void aFolderOverTheServersLimitIsRefusedWithItsMessage(@TempDir Path dir) throws IOException {
        byte[] noise = new byte[(int) UPLOAD_LIMIT * 2];
        new Random(7).nextBytes(noise);
        Files.write(dir.resolve("video.bin"), noise);

        Run result = slipway(developer, "build", "laptop", "--from-dir", dir.toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("slipway: the request body exceeds " + UPLOAD_LIMIT + " bytes");
    }

    @Test
    void releaseDryRunPrintsThePlanAndCreatesNothing() {
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: planned}
                spec:
                  image: registry.example/planned:1
                  env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: planned-token, key: token}}}]
                  hooks: {pre: {command: [bin/migrate, --safe], failurePolicy: Retry, maxAttempts: 2}}
                """, developer, "planned");

        Run plan = slipway(developer, "release", "planned", "--dry-run", "--image", "registry.example/planned:2");

        assertThat(plan.exit()).as("a missing Secret fails the release at once: %s", plan).isEqualTo(1);
        assertThat(plan.out()).contains("planned-1 (dry run, nothing was created): registry.example/planned:2, Rolling",
                "steps:     pre-hook (bin/migrate --safe, Retry, at most 2 attempts) -> rollout",
                "problem:   env TOKEN: Secret planned-token does not exist");
        assertThat(ns.client().resources(Release.class).list().getItems())
                .noneMatch(r -> r.getSpec().getApp().equals("planned"));
    }

    /**
     * The path of a hook's log and the newest revision, through the real server; the log itself,
     * which needs a real pod, is HookLogIT's.
     */
    @Test
    void aHookLogIsAskedOfTheNewestReleaseAndItsErrorsAreOneLine() {
        api.apply("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: hooked}
                spec:
                  image: registry.example/hooked:1
                  hooks: {pre: {command: [bin/migrate]}}
                """, developer, "hooked");
        assertThat(slipway(developer, "release", "hooked").exit()).isZero();
        assertThat(slipway(developer, "release", "hooked").exit()).isZero();
        String job = HookNames.job("hooked-2", StepName.PRE_HOOK, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ns.client().resources(Release.class).withName("hooked-2")
                .get() != null);
        ControllerStandIn.progress(ns.client(), "hooked-2", ReleasePhase.Running,
                List.of(ControllerStandIn.hookStep(StepName.PRE_HOOK, StepPhase.Running, 1, job)));

        await().atMost(Duration.ofSeconds(10)).until(() -> slipway(viewer, "logs", "hooked", "--hook", "pre").err()
                .contains("has no pod yet"));
        Run noPod = slipway(viewer, "logs", "hooked", "--hook", "pre");
        Run noAttempt = slipway(viewer, "logs", "hooked", "--hook", "pre", "--attempt", "2");
        Run notStarted = slipway(viewer, "logs", "hooked", "--hook", "pre", "--revision", "1");

        assertThat(noPod.exit()).isEqualTo(1);
        assertThat(noPod.err()).startsWith("slipway: attempt 1 of the pre hook (Job " + job + ") has no pod yet");
        assertThat(noAttempt.err()).startsWith("slipway: the pre hook of release \"hooked-2\" has made 1 attempt, not 2");
        assertThat(notStarted.err()).startsWith("slipway: release \"hooked-1\" has not started");
        assertThat(List.of(noPod, noAttempt, notStarted)).allSatisfy(run -> {
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
        });
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

    /** Plays the controller: the build ran and pushed its image. */
    private static void complete(Build build) {
        BuildStatus status = new BuildStatus();
        status.setPhase(BuildPhase.Complete);
        status.setImage(build.getSpec().getOutput().getImage() + "@sha256:" + "1".repeat(64));
        build.setStatus(status);
        ns.client().resources(Build.class).resource(build).updateStatus();
    }

    private static byte[] blob(String digest) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + registry.host() + "/v2/" + ns.name() + "/laptop/blobs/" + digest)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> tarEntries(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Slipway.run(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }
}
