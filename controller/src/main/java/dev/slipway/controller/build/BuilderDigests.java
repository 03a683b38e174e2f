package dev.slipway.controller.build;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digest each builder image tag had when the registry was last asked. Builds start FROM the
 * tag pinned to that digest, so the Build records exactly which builder it ran and a later digest
 * of the tag is recognisably newer. Written by the poller, read by the Build and App reconcilers.
 */
public final class BuilderDigests {

    private final Map<String, String> digests = new ConcurrentHashMap<>();

    /** Records that {@code tag} (an image reference without a digest) now serves {@code digest}. */
    public void record(String tag, String digest) {
        digests.put(tag, digest);
    }

    /** The digests as they are now, unchanged by later polls: one build's Job and status agree. */
    public BuilderDigests snapshot() {
        BuilderDigests copy = new BuilderDigests();
        copy.digests.putAll(digests);
        return copy;
    }

    /** The last digest seen for {@code tag}, {@code sha256:...}. */
    public Optional<String> digest(String tag) {
        return Optional.ofNullable(digests.get(tag));
    }

    /** {@code tag@sha256:...} when the tag's digest is known, else the tag itself. */
    public String pinned(String tag) {
        return digest(tag).map(d -> tag + "@" + d).orElse(tag);
    }
}
