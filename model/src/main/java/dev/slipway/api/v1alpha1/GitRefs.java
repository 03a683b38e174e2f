package dev.slipway.api.v1alpha1;

import java.util.regex.Pattern;

/**
 * An App's git ref is a branch, a tag, or a tag pattern: a ref with {@code *} in it (git refuses
 * {@code *} in ref names, so a pattern never names a real ref). A pattern builds the newest matching
 * tag in version order, and a push of a matching tag triggers a build of that tag. The web API
 * (webhooks) and the build pod (clone.sh, with the shell's {@code case}) match the same way:
 * {@code *} matches any run of characters, slashes included; everything else matches itself.
 */
public final class GitRefs {

    private GitRefs() {
    }

    public static boolean isTagPattern(String ref) {
        return ref != null && ref.indexOf('*') >= 0;
    }

    /** Whether the tag name (without {@code refs/tags/}) matches the pattern. */
    public static boolean tagMatches(String pattern, String tag) {
        StringBuilder regex = new StringBuilder();
        for (String literal : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.matches(regex.toString(), tag);
    }
}
