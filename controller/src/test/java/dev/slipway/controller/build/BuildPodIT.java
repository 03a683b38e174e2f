package dev.slipway.controller.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.security.auth.module.UnixSystem;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildPhase;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.UploadSource;
import dev.slipway.testkit.BuildKitBinaries;
import dev.slipway.testkit.ImageLayers;
import dev.slipway.testkit.LocalGit;
import dev.slipway.testkit.LocalRegistry;
import dev.slipway.testkit.RepositoryLayout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build pod's three steps run for real on this machine, in order, each with the command and env
 * of the Job that {@link BuildJob#desired} makes: clone with git from a local repository, write the
 * Dockerfile (and detect the builder), then build with BuildKit ({@code buildctl-daemonless.sh},
 * buildkitd and runc) and push to a real registry, whose digest the termination message must name.
 * The builder image is the catalog's static one, built here first with BuildKit FROM scratch and a
 * static BusyBox, since nothing can be pulled.
 *
 * <p>Not a pod: no Kubernetes, no image for the steps (this machine's git, sh and BuildKit), and
 * BuildKit runs as root rather than rootless (see {@link #buildStepOverrides}).
 */
class BuildPodIT {

    private static final Duration STEP_TIMEOUT = HostBuildPod.STEP_TIMEOUT;

    @TempDir
    static Path work;
    private static LocalRegistry registry;
    private static Path buildkit;
    private static HostBuildPod pod;
    private static String builderDigest;
    private static Path source;

    @BeforeAll
    static void aStaticBuilderImageInARegistryAndASampleAppInGit() throws IOException {
        assertThat(new UnixSystem().getUid())
                .as("BuildPodIT runs BuildKit as root (rootless BuildKit needs rootlesskit and user namespaces)")
                .isZero();
        buildkit = BuildKitBinaries.folder();
        pod = new HostBuildPod(buildkit, STEP_TIMEOUT);
        registry = LocalRegistry.start();
        builderDigest = pushStaticBuilder();
        source = LocalGit.init(work.resolve("shop"));
        Path app = RepositoryLayout.root().resolve("builder-images/static/test/app");
        Map<String, String> files = new TreeMap<>();
        try (var list = Files.list(app)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        LocalGit.commit(source, "the static builder's sample app", files);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aBuildOfTheStaticBuilderPushesItsImageAndReportsTheDigest() {
        // Given a Build of the sample app with the static builder, pinned to the digest just pushed
        Build build = build(registry.host() + "/demo/shop", "static");
        BuilderDigests digests = new BuilderDigests();
        digests.record(BuilderImages.reference("static", registry.host()), builderDigest);

        // When its pod's steps run
        Job job = BuildJob.desired(build, null, List.of(), registry.host(), digests);
        List<PodStep> steps = runPod(job, work.resolve("named"));

        // Then the image is in the registry, by the digest of the termination message
        PodStep built = steps.get(2);
        assertThat(built.exitCode()).as(built.output()).isZero();
        assertThat(built.output()).contains("FROM " + registry.host() + "/slipway/builder-static:latest@" + builderDigest);
        String pushed = pushedImage(built, "demo/shop");
        assertThat(built.terminationMessage()).isEqualTo(pushed);
        assertThatTheImageServesTheSampleApp(pushed);
        assertThat(BuildProgress.of(ended(job, "Complete"), Optional.of(pod(job, steps))))
                .isEqualTo(new BuildProgress(BuildPhase.Complete, pushed, null, null, null));
    }

    @Test
    void aBuildWithoutABuilderDetectsTheStaticOneAndSaysSo() {
        // Given a Build that names no builder, of a source with an index.html
        Build build = build(registry.host() + "/demo/site", null);

        // When its pod's steps run
        Job job = BuildJob.desired(build, null, List.of(), registry.host(), new BuilderDigests());
        List<PodStep> steps = runPod(job, work.resolve("detected"));

        // Then the termination message names the image pushed, then the builder detected
        PodStep built = steps.get(2);
        assertThat(built.exitCode()).as(built.output()).isZero();
        String builderImage = BuilderImages.reference("static", registry.host());
        assertThat(steps.get(1).output()).contains("---> Detected builder static: " + builderImage);
        String pushed = pushedImage(built, "demo/site");
        assertThat(built.terminationMessage().lines()).containsExactly(pushed, "builder static " + builderImage);
        assertThat(BuildProgress.of(ended(job, "Complete"), Optional.of(pod(job, steps))))
                .isEqualTo(new BuildProgress(BuildPhase.Complete, pushed, null, "static", builderImage));
    }

    @Test
    void anAssembleThatFailsFailsTheBuildWithItsOutput() {
        // Given a Build whose App sets STATIC_ROOT to a folder the source does not have
        Build build = build(registry.host() + "/demo/broken", "static");
        List<EnvVar> env = List.of(new EnvVar("STATIC_ROOT", "missing"));

        // When its pod's steps run
        Job job = BuildJob.desired(build, null, env, registry.host(), new BuilderDigests());
        List<PodStep> steps = runPod(job, work.resolve("broken"));

        // Then the build step fails with "assemble failed:" and the assemble script's error, which becomes the Build's message
        PodStep built = steps.get(2);
        assertThat(built.exitCode()).as(built.output()).isEqualTo(1);
        assertThat(built.terminationMessage()).startsWith("assemble failed:\n")
                .contains("---> ERROR: STATIC_ROOT=missing is not a folder of the source");
        BuildProgress progress = BuildProgress.of(ended(job, "Failed"), Optional.of(pod(job, steps)));
        assertThat(progress.phase()).isEqualTo(BuildPhase.Failed);
        assertThat(progress.message()).startsWith("assemble failed:\n").contains("STATIC_ROOT=missing");
    }

    @Test
    void aRebuildOnAFreshBuildKitTakesItsLayersFromTheAppsCacheInTheRegistry() {
        // Given a build of the sample app that exported its cache to the App's repository
        Build build = build(registry.host() + "/demo/cached", "static");
        Job job = BuildJob.desired(build, null, List.of(), registry.host(), new BuilderDigests());
        PodStep first = runPod(job, work.resolve("cached-1")).get(2);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(registryClient().digest(registry.host() + "/demo/cached:" + BuildJob.CACHE_TAG)).isPresent();

        // When the same source is built again by a BuildKit that has never seen it, as in a new pod
        PodStep second = runPod(job, work.resolve("cached-2"), work.resolve("buildkit-state-fresh")).get(2);

        // Then the assemble step is not run again: its layer comes from the cache
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("importing cache manifest from " + registry.host() + "/demo/cached:buildcache")
                .containsPattern("RUN /usr/libexec/s2i/assemble[^\\n]*\\n[^\\n]*CACHED");
        assertThat(pushedImage(second, "demo/cached")).isEqualTo(pushedImage(first, "demo/cached"));
    }

    @Test
    void aSourceChangeOutsideTheDependencyManifestsTakesTheDependencyLayerFromTheCache() throws IOException {
        // Given a build of a site that also has a package.json (its asset tooling), which exported its cache
        Path repo = LocalGit.init(work.resolve("deps-source"));
        Path app = RepositoryLayout.root().resolve("builder-images/static/test/app");
        LocalGit.commit(repo, "the site", Map.of("index.html", Files.readString(app.resolve("index.html")),
                "healthz", "ok\n", "package.json", "{\"name\": \"site\", \"private\": true}\n"));
        Build build = build(registry.host() + "/demo/deps", "static");
        build.getSpec().getSource().getGit().setUrl(LocalGit.url(repo));
        Job job = BuildJob.desired(build, null, List.of(), registry.host(), new BuilderDigests());
        PodStep first = runPod(job, work.resolve("deps-1"), work.resolve("buildkit-state-deps-1")).get(2);
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).as("the dependencies step sees the manifests alone")
                .contains("---> dependencies ran over: package.json \n");

        // When one line of the page changes and a BuildKit that never saw the App builds it again
        LocalGit.commit(repo, "a new heading", Map.of("index.html", "<h1>Hello again</h1>\n"));
        PodStep second = runPod(job, work.resolve("deps-2"), work.resolve("buildkit-state-deps-2")).get(2);

        // Then the dependencies step's layer comes from the cache (BuildKit pulls it, or says CACHED, but does
        // not run the step), and assemble runs over the new page
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain("---> dependencies ran over").contains("---> Copying the site");
    }

    @Test
    void anUploadedFolderIsFetchedFromTheRegistryCheckedUnpackedAndBuilt() throws IOException {
        // Given the sample app's folder as a gzip-compressed tar, stored as a blob of the App's repository
        Path archive = work.resolve("upload.tar.gz");
        LocalGit.run(work, "tar", "-czf", archive.toString(), "-C",
                RepositoryLayout.root().resolve("builder-images/static/test/app").toString(), ".");
        String digest = registry.uploadBlob("demo/uploaded", Files.readAllBytes(archive));
        Build build = build(registry.host() + "/demo/uploaded", "static");
        build.getSpec().getSource().setGit(null);
        UploadSource upload = new UploadSource();
        upload.setDigest(digest);
        build.getSpec().getSource().setUpload(upload);

        // When its pod's steps run
        Job job = BuildJob.desired(build, null, List.of(), registry.host(), new BuilderDigests());
        List<PodStep> steps = runPod(job, work.resolve("uploaded"));

        // Then the source step unpacked the archive and the image serves the app
        assertThat(steps.get(0).output()).contains("---> Fetching the uploaded folder " + digest);
        PodStep built = steps.get(2);
        assertThat(built.exitCode()).as(built.output()).isZero();
        assertThatTheImageServesTheSampleApp(pushedImage(built, "demo/uploaded"));
    }

    @Test
    void anUploadWhoseBytesDoNotMatchItsDigestFailsTheSourceStep() {
        // Given a Build that names a digest the registry does not hold
        Build build = build(registry.host() + "/demo/missing", "static");
        build.getSpec().getSource().setGit(null);
        UploadSource upload = new UploadSource();
        upload.setDigest("sha256:" + "0".repeat(64));
        build.getSpec().getSource().setUpload(upload);

        // When its source step runs
        Container source = BuildJob.desired(build, null, List.of(), registry.host(), new BuilderDigests()).getSpec()
                .getTemplate().getSpec().getInitContainers().get(0);
        PodStep step = PodStep.run(source, work.resolve("missing"), STEP_TIMEOUT);

        // Then it fails, saying which upload it could not fetch
        assertThat(step.exitCode()).isEqualTo(1);
        assertThat(step.terminationMessage()).startsWith("the upload " + upload.getDigest()
                + " cannot be fetched from the registry");
    }

    /** Build shop-build-3 of the sample app at main, as the App reconciler makes it, pushing to {@code output}. */
    private static Build build(String output, String builder) {
        Build build = BuildFixtures.build(builder == null ? "static" : builder);
        build.getSpec().setBuilder(builder);
        build.getSpec().getSource().getGit().setUrl(LocalGit.url(source));
        build.getSpec().getOutput().setImage(output);
        return build;
    }

    /** Runs the Job's init containers, then its build container, as a pod does: a failed step ends the pod. */
    private static List<PodStep> runPod(Job job, Path workspace) {
        return runPod(job, workspace, work.resolve("buildkit-state"));
    }

    /** As above, with buildkitd's state in {@code buildkitState}. */
    private static List<PodStep> runPod(Job job, Path workspace, Path buildkitState) {
        return pod.run(job, workspace, buildkitState);
    }

    /** {@code <host>/<repository>@<digest>}, the digest read from the registry for the tag BuildKit pushed. */
    private static String pushedImage(PodStep built, String repository) {
        String image = registry.host() + "/" + repository;
        Optional<String> digest = registryClient()
                .digest(image + ":latest");
        assertThat(digest).as("%s:latest in the registry; the build's output:%n%s", image, built.output()).isPresent();
        return image + "@" + digest.get();
    }

    /**
     * The catalog's static builder image, from its own Dockerfile with the base image (busybox, which
     * cannot be pulled here) made FROM scratch with a static BusyBox and its applets, pushed as
     * {@code slipway/builder-static:latest}; returns its digest.
     */
    private static String pushStaticBuilder() throws IOException {
        Path catalog = RepositoryLayout.root().resolve("builder-images/static");
        Path context = Files.createDirectories(work.resolve("builder-static"));
        Files.copy(buildkit.resolve("busybox"), context.resolve("busybox"));
        Path scripts = Files.createDirectories(context.resolve("s2i/bin"));
        try (var list = Files.list(catalog.resolve("s2i/bin"))) {
            for (Path script : list.toList()) {
                Files.copy(script, scripts.resolve(script.getFileName()));
            }
        }
        // The static builder has no dependencies step; this one says when it runs and what it was given.
        Path dependencies = Files.writeString(scripts.resolve("dependencies"), """
                #!/bin/sh
                echo "---> dependencies ran over: $(ls /tmp/src | tr '\\n' ' ')"
                """);
        Files.setPosixFilePermissions(dependencies, PosixFilePermissions.fromString("rwxr-xr-x"));
        String dockerfile = Files.readString(catalog.resolve("Dockerfile"));
        assertThat(dockerfile).as("the static builder's Dockerfile").containsPattern("(?m)^FROM \\$\\{BASE}$");
        Files.writeString(context.resolve("Dockerfile"), dockerfile.replaceFirst("(?m)^FROM \\$\\{BASE}$", """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]"""));
        Files.writeString(context.resolve("buildkitd.toml"), BuildJob.buildkitdToml(registry.host()));

        String image = BuilderImages.reference("static", registry.host());
        Container buildctl = new ContainerBuilder().withName("builder-image")
                .withCommand("buildctl-daemonless.sh", "build", "--frontend", "dockerfile.v0",
                        "--local", "context=" + context, "--local", "dockerfile=" + context,
                        "--output", "type=image,name=" + image + ",push=true,registry.insecure=true")
                .build();
        PodStep step = PodStep.run(buildctl, context, HostBuildPod.PRIVATE_RUN,
                pod.buildkitEnv("--config=" + context.resolve("buildkitd.toml"), context, work.resolve("buildkit-state")),
                STEP_TIMEOUT);
        assertThat(step.exitCode()).as("building the static builder image; output:%n%s", step.output()).isZero();
        return registryClient().digest(image).orElseThrow();
    }

    /**
     * The pushed image is the builder's with the site assembled: its config runs the s2i run script
     * as UID 1001, and its last layer (the assemble step's) holds the sample app's files.
     */
    private static void assertThatTheImageServesTheSampleApp(String pushed) {
        String repository = pushed.substring(registry.host().length() + 1, pushed.indexOf('@'));
        ImageLayers image = ImageLayers.read(registry.host(), repository, pushed.substring(pushed.indexOf('@') + 1));
        assertThat(image.runConfig().path("Cmd").toString()).isEqualTo("[\"/usr/libexec/s2i/run\"]");
        assertThat(image.runConfig().path("User").asText()).isEqualTo("1001");
        Path layer = work.resolve(repository.replace('/', '-') + "-assembled.tar");
        try {
            Files.write(layer, image.layers().get(image.layers().size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(LocalGit.run(work, "tar", "-tf", layer.toString()).lines())
                .contains("opt/app-root/src/index.html", "opt/app-root/src/healthz");
    }

    /** The Job as the API server shows it once it ended: Complete or Failed. */
    private static Job ended(Job job, String condition) {
        return new JobBuilder(job).withNewStatus()
                .addNewCondition().withType(condition).withStatus("True").endCondition()
                .endStatus().build();
    }

    /** The pod as the kubelet reports it once its steps ran: each step's exit code and termination message. */
    private static Pod pod(Job job, List<PodStep> steps) {
        PodSpec spec = job.getSpec().getTemplate().getSpec();
        List<ContainerStatus> init = new ArrayList<>();
        for (int i = 0; i < spec.getInitContainers().size(); i++) {
            init.add(status(spec.getInitContainers().get(i), steps.get(i)));
        }
        PodStep built = steps.get(steps.size() - 1);
        return new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x7k2p").endMetadata()
                .withNewStatus()
                    .withPhase(built.exitCode() == 0 ? "Succeeded" : "Failed")
                    .withInitContainerStatuses(init)
                    .withContainerStatuses(status(spec.getContainers().get(0), built))
                .endStatus().build();
    }

    private static ContainerStatus status(Container container, PodStep step) {
        return new ContainerStatusBuilder().withName(container.getName())
                .withNewState().withNewTerminated().withExitCode(step.exitCode())
                    .withMessage(step.terminationMessage()).endTerminated().endState()
                .build();
    }

    private static RegistryClient registryClient() {
        return new RegistryClient(Set.of(registry.host()), Duration.ofSeconds(10));
    }
}
