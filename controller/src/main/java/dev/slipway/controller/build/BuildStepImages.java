package dev.slipway.controller.build;

import java.util.Map;

/**
 * The images a build pod runs besides the builder: {@code git} for the clone and dockerfile steps
 * (git and a POSIX shell, run as user 1000) and {@code buildkit} for the build step (BuildKit's
 * rootless image). Upstream's images by default; an offline installation, such as the local
 * cluster, names its own (hack/build-images.sh makes both from Debian's packages).
 */
public record BuildStepImages(String git, String buildkit) {

    /** The BuildKit release of the default image (hack/versions.env BUILDKIT_VERSION; a test holds them together). */
    public static final BuildStepImages UPSTREAM = new BuildStepImages("alpine/git:v2.47.2",
            "moby/buildkit:v0.34.2-rootless");

    /** From {@code SLIPWAY_BUILD_GIT_IMAGE} and {@code SLIPWAY_BUILD_BUILDKIT_IMAGE}, upstream's where unset. */
    public static BuildStepImages fromEnvironment(Map<String, String> env) {
        return new BuildStepImages(value(env, "SLIPWAY_BUILD_GIT_IMAGE", UPSTREAM.git()),
                value(env, "SLIPWAY_BUILD_BUILDKIT_IMAGE", UPSTREAM.buildkit()));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
