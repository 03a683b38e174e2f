package dev.slipway.controller.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference ({@code [host[:port]/]path[:tag][@digest]}), parsed and normalised as
 * Docker does (the distribution project's reference package): the first path component is a
 * registry host only if it contains '.' or ':', is {@code localhost} or has upper-case letters;
 * otherwise the image is on Docker Hub ({@code docker.io}), where a one-component path is an
 * official image under {@code library/}. The tag defaults to {@code latest}.
 *
 * <p>The schema only refuses blanks; a reference that passes it but cannot be pulled is reported
 * as a Degraded condition.
 *
 * @param registry   the registry host as written, with its port ({@code docker.io} for Docker Hub)
 * @param repository the repository path inside the registry, e.g. {@code library/nginx}
 * @param tag        the tag, {@code latest} when none is written
 * @param digest     the digest after '@' ({@code sha256:<hex>}), or null when none is written
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    /** Docker Hub's name in references; its API answers at {@code registry-1.docker.io}. */
    public static final String DOCKER_HUB = "docker.io";
    public static final String DEFAULT_TAG = "latest";

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
            + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
    // The host group may also catch the first path component ("acme/shop"); parse() tells them apart.
    private static final Pattern REFERENCE = Pattern.compile("^(?:(?<host>" + HOST + ")/)?"
            + "(?<path>" + COMPONENT + "(?:/" + COMPONENT + ")*)"
            + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
            + "(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$");
    private static final int MAX_LENGTH = 255 + 128 + 80;

    public static boolean isValid(String reference) {
        return matcher(reference) != null;
    }

    /**
     * Parses and normalises a reference.
     *
     * @throws IllegalArgumentException naming the reference when it does not follow the grammar
     */
    public static ImageReference parse(String reference) {
        Matcher m = matcher(reference);
        if (m == null) {
            throw new IllegalArgumentException("'" + reference + "' is not a container image reference: expected"
                    + " [host[:port]/]path[:tag][@digest] with a lower-case path, e.g. registry.example.com/team/app:1.0");
        }
        String host = m.group("host");
        String path = m.group("path");
        if (host != null && !isRegistryHost(host)) {
            // Lower-case letters, digits and dashes only: a path component, which it then is.
            path = host + "/" + path;
            host = null;
        }
        String registry = host == null || host.equals("index.docker.io") ? DOCKER_HUB : host;
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        String tag = m.group("tag") == null ? DEFAULT_TAG : m.group("tag");
        return new ImageReference(registry, path, tag, m.group("digest"));
    }

    /**
     * The reference as written, without its {@code @digest} part: the tag it pins. By the grammar
     * a digest is the only part after an {@code @}, so this needs no full parse (and takes any text).
     */
    public static String withoutDigest(String reference) {
        int at = reference.indexOf('@');
        return at < 0 ? reference : reference.substring(0, at);
    }

    /** Docker's rule for the first component of a reference. */
    private static boolean isRegistryHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.toLowerCase(Locale.ROOT).equals(component);
    }

    private static Matcher matcher(String reference) {
        if (reference == null || reference.length() > MAX_LENGTH) {
            return null;
        }
        Matcher m = REFERENCE.matcher(reference);
        return m.matches() ? m : null;
    }
}
