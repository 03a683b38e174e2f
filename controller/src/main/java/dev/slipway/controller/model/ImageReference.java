package dev.slipway.controller.model;

import java.util.regex.Pattern;

/**
 * Whether a string parses as a container image reference ({@code [host[:port]/]path[:tag][@digest]}),
 * following the grammar of the distribution project's reference package. The schema only refuses
 * blanks; a reference that passes it but cannot be pulled is reported as a Degraded condition.
 */
public final class ImageReference {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
            + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
    private static final Pattern REFERENCE = Pattern.compile("^(?:" + HOST + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
            + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$");

    private ImageReference() {
    }

    public static boolean isValid(String reference) {
        return reference != null && reference.length() <= 255 + 128 + 80 && REFERENCE.matcher(reference).matches();
    }
}
