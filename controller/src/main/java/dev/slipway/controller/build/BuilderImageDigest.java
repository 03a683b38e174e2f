package dev.slipway.controller.build;

/**
 * The digest a builder image tag served when the registry was last asked.
 *
 * @param tag    the builder image reference without a digest, {@code <registry>/slipway/builder-ruby:latest}
 * @param digest {@code sha256:...}
 */
public record BuilderImageDigest(String tag, String digest) {

    /** {@code <tag>@<digest>}: what a build of this builder runs FROM. */
    public String pinned() {
        return tag + "@" + digest;
    }
}
