package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.GitSource;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.api.v1alpha1.Owners;
import dev.slipway.api.v1alpha1.PodMetadata;
import dev.slipway.api.v1alpha1.UploadSource;
import dev.slipway.controller.model.ImageReference;
import dev.slipway.controller.model.PodTemplates;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Job that runs one Build, named after it so that a repeated create meets AlreadyExists. Its
 * pod clones the source (init container {@value #CLONE}), writes the generated Dockerfile
 * ({@value #DOCKERFILE}), then builds and pushes with rootless BuildKit ({@value #BUILD}), which
 * writes the pushed {@code <image>@sha256:...} as its termination message. A build that names no
 * builder runs the catalog's {@code detect} scripts over the clone in the {@value #DOCKERFILE}
 * step and builds FROM the chosen catalog image. No privileged container
 * and no Docker socket: BuildKit's rootless mode only needs seccomp and AppArmor unconfined, as its
 * documentation for Kubernetes says. The Job runs once; a failed build is a new Build, not a retry.
 */
public final class BuildJob {

    public static final String CLONE = "clone";
    public static final String DOCKERFILE = "dockerfile";
    public static final String BUILD = "build";
    /** The volume of BuildKit's state: an empty folder, or the App's claim (BuildKitState). */
    static final String BUILDKIT_VOLUME = "buildkit";
    private static final String CREDENTIALS_VOLUME = "git-credentials";
    private static final String CREDENTIALS_PATH = "/var/run/secrets/slipway.dev/git";
    /** A build that takes longer is stuck, not slow: dependency downloads included, builds take minutes. */
    static final long DEADLINE_SECONDS = 3600;
    private static final long USER = 1000;
    private static final long NOBODY = 65534;
    /** The tag of an App's image repository that holds BuildKit's cache of its last build. */
    public static final String CACHE_TAG = "buildcache";

    private static final String CLONE_SCRIPT = script("clone.sh");
    private static final String UNPACK_SCRIPT = script("unpack.sh");
    private static final String DOCKERFILE_SCRIPT = script("dockerfile.sh");
    private static final String BUILD_SCRIPT = script("build.sh");
    private static final String DETECT_SCRIPTS = detectScripts();

    private BuildJob() {
    }

    /**
     * @param podMetadata the App's pod labels and annotations, which build pods carry too
     * @param env         the App's env, whose plain values the assemble step sees
     * @param registry    the installation's registry, spoken to over plain HTTP from inside the cluster
     * @param digests     the builder image digests known now, which the build is pinned to
     */
    public static Job desired(Build build, PodMetadata podMetadata, List<dev.slipway.api.v1alpha1.EnvVar> env,
            String registry, BuilderDigests digests) {
        return desired(build, podMetadata, env, registry, digests, BuildStepImages.UPSTREAM);
    }

    /** As {@link #desired(Build, PodMetadata, List, String, BuilderDigests)}, the steps running {@code images}. */
    public static Job desired(Build build, PodMetadata podMetadata, List<dev.slipway.api.v1alpha1.EnvVar> env,
            String registry, BuilderDigests digests, BuildStepImages images) {
        String name = build.getMetadata().getName();
        // Sorted, so the same Build always gives the same Job text (golden tests, applied-hash).
        Map<String, String> labels = new TreeMap<>(Map.of(Labels.APP, build.getSpec().getApp(), Labels.BUILD, name));
        GitSource git = build.getSpec().getSource().getGit();
        String output = build.getSpec().getOutput().getImage();
        Container source = git != null ? clone(git, images.git())
                : unpack(build.getSpec().getSource().getUpload(), output, registry, images.git());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(build.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(builderImage(build, registry, digests)
                            .map(image -> Map.of(Labels.BUILDER_IMAGE, image)).orElse(null))
                    .withOwnerReferences(Owners.controllerReference(build))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(DEADLINE_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(PodTemplates.labels(Map.of(Labels.APP, build.getSpec().getApp(),
                                    Labels.BUILD, name, Labels.ROLE, Labels.BUILDER), podMetadata))
                            .withAnnotations(PodTemplates.annotations(Map.of(), podMetadata))
                        .endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true).withRunAsUser(USER).withRunAsGroup(USER).withFsGroup(USER)
                            .endSecurityContext()
                            .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                            .addNewVolume().withName(BUILDKIT_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
                            .addAllToVolumes(credentialsVolume(git))
                            .withInitContainers(
                                    source,
                                    dockerfile(build, env, registry, digests, images.git()))
                            .withContainers(buildkit(output, registry, images.buildkit()))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The clone step, the only one that mounts the repository's credentials Secret when there is
     * one: the later steps run the repository's own code and Dockerfile, which must not see them.
     */
    private static Container clone(GitSource git, String image) {
        Container container = container(CLONE, image, CLONE_SCRIPT, locked(),
                env("GIT_URL", git.getUrl()), env("GIT_REF", git.getRef()),
                env("GIT_COMMIT", git.getCommit()), env("HOME", "/tmp"));
        // OpenSSH's client will not run as a user without a passwd entry, and images list user 1000
        // rarely but nobody always. The pod's group stays, so the later steps can read the clone.
        container.getSecurityContext().setRunAsUser(NOBODY);
        if (git.getCredentialsSecret() != null) {
            container.getEnv().addAll(List.of(env("GIT_CREDENTIALS", CREDENTIALS_PATH),
                    env("GIT_CREDENTIALS_SECRET", git.getCredentialsSecret().getName())));
            container.getVolumeMounts().add(new VolumeMountBuilder().withName(CREDENTIALS_VOLUME)
                    .withMountPath(CREDENTIALS_PATH).withReadOnly(true).build());
        }
        return container;
    }

    /**
     * The source step of an uploaded folder, in the place of the clone: it fetches the archive from the
     * App's image repository, where the API server stored it as a blob, by the digest the Build names.
     */
    private static Container unpack(UploadSource upload, String output, String registry, String image) {
        ImageReference reference = ImageReference.parse(output);
        return container(CLONE, image, UNPACK_SCRIPT, locked(), env("UPLOAD_REGISTRY", registry),
                env("UPLOAD_REPOSITORY", reference.repository()), env("UPLOAD_DIGEST", upload.getDigest()));
    }

    private static List<Volume> credentialsVolume(GitSource git) {
        if (git == null || git.getCredentialsSecret() == null) {
            return List.of();
        }
        // Readable by the pod's group (fsGroup) only; the clone step copies the key to a file of its own.
        return List.of(new VolumeBuilder().withName(CREDENTIALS_VOLUME).withNewSecret()
                .withSecretName(git.getCredentialsSecret().getName()).withDefaultMode(0440).endSecret().build());
    }

    /**
     * The builder image a build runs FROM, pinned to its digest when known; empty when the build
     * names no builder and the pod detects it. The Job carries it as the annotation
     * {@code slipway.dev/builder-image}, where it can be read back.
     */
    public static Optional<String> builderImage(Build build, String registry, BuilderDigests digests) {
        return Optional.ofNullable(build.getSpec().getBuilder())
                .map(b -> digests.pinned(BuilderImages.reference(b, registry)));
    }

    private static Container dockerfile(Build build, List<dev.slipway.api.v1alpha1.EnvVar> env, String registry,
            BuilderDigests digests, String gitImage) {
        String contextDir = contextDir(build);
        String ownDockerfile = build.getSpec().getDockerfile();
        if (ownDockerfile != null) {
            return container(DOCKERFILE, gitImage, DOCKERFILE_SCRIPT, locked(),
                    env("DOCKERFILE_PATH", (contextDir == null ? "" : contextDir + "/") + ownDockerfile),
                    env("CONTEXT_DIR", contextDir), env("BUILD_ARGS", BuildDockerfile.buildArgLines(env)),
                    env("BUILDKITD_TOML", buildkitdToml(registry)));
        }
        String builderImage = builderImage(build, registry, digests).orElse(null);
        Container container = container(DOCKERFILE, gitImage, DOCKERFILE_SCRIPT, locked(),
                env("DOCKERFILE", BuildDockerfile.render(build, env, builderImage)),
                env("BUILDKITD_TOML", buildkitdToml(registry)));
        if (builderImage == null) {
            StringBuilder catalog = new StringBuilder();
            BuilderImages.CATALOG.forEach(b -> catalog.append(b).append(' ')
                    .append(digests.pinned(BuilderImages.reference(b, registry))).append('\n'));
            container.getEnv().addAll(List.of(env("CONTEXT_DIR", contextDir), env("BUILDER_IMAGES", catalog.toString()),
                    env("DETECT_SCRIPTS", DETECT_SCRIPTS)));
        }
        return container;
    }

    /** The app's folder in the source: a git source's contextDir; an upload is the app's folder itself. */
    static String contextDir(Build build) {
        GitSource git = build.getSpec().getSource().getGit();
        return git == null ? null : git.getContextDir();
    }

    private static Container buildkit(String output, String registry, String image) {
        Container container = container(BUILD, image, BUILD_SCRIPT,
                new SecurityContextBuilder()
                        .withNewSeccompProfile().withType("Unconfined").endSeccompProfile()
                        .withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile()
                        .build(),
                env("OUTPUT_IMAGE", output),
                env("CACHE_IMAGE", cacheImage(output)),
                env("OUTPUT_OPTIONS", output.startsWith(registry + "/") ? ",registry.insecure=true" : ""),
                env("BUILDKITD_FLAGS", "--oci-worker-no-process-sandbox --config=/workspace/build/buildkitd.toml"));
        container.getVolumeMounts().add(mount(BUILDKIT_VOLUME, "/home/user/.local/share/buildkit"));
        return container;
    }

    private static Container container(String name, String image, String script, SecurityContext security,
            EnvVar... env) {
        return new ContainerBuilder().withName(name).withImage(image)
                .withCommand("sh", "-c", script)
                .withEnv(List.of(env))
                .withVolumeMounts(mount("workspace", "/workspace"))
                .withSecurityContext(security)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    /** The clone and Dockerfile steps need no privilege at all. */
    private static SecurityContext locked() {
        return new SecurityContextBuilder().withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities().build();
    }

    /** The cache tag in the output image's repository, whatever tag or digest the output names. */
    static String cacheImage(String output) {
        int name = output.lastIndexOf('/') + 1;
        int end = output.length();
        for (char separator : new char[] {':', '@'}) {
            int at = output.indexOf(separator, name);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return output.substring(0, end) + ":" + CACHE_TAG;
    }

    /** The installation's registry speaks plain HTTP inside the cluster, for pulls and pushes. */
    static String buildkitdToml(String registry) {
        return "[registry.\"" + registry + "\"]\n  http = true\n  insecure = true\n";
    }

    private static VolumeMount mount(String volume, String path) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value == null ? "" : value).build();
    }

    /**
     * A shell script that writes the catalog's own detect scripts (copied from builder-images/ by
     * the Maven build) under the current folder, so the pod detects exactly as the catalog does.
     */
    private static String detectScripts() {
        StringBuilder out = new StringBuilder("set -eu\n");
        List<String> files = new ArrayList<>(List.of("detect"));
        BuilderImages.CATALOG.forEach(b -> files.add(b + "/s2i/bin/detect"));
        for (String file : files) {
            String text = script("catalog/" + file);
            if (text.contains("\nSLIPWAY_DETECT_EOF\n")) {
                throw new IllegalStateException("catalog/" + file + " contains the here-document delimiter");
            }
            out.append("mkdir -p \"$(dirname '").append(file).append("')\"\n")
                    .append("cat > '").append(file).append("' <<'SLIPWAY_DETECT_EOF'\n").append(text)
                    .append(text.endsWith("\n") ? "" : "\n").append("SLIPWAY_DETECT_EOF\n")
                    .append("chmod +x '").append(file).append("'\n");
        }
        return out.toString();
    }

    private static String script(String name) {
        try (InputStream in = BuildJob.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside BuildJob");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
