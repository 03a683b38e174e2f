package dev.slipway.controller.build;

import java.util.List;

/**
 * Builder names to builder images. The catalog's builders are published to the installation's
 * registry as {@code <registry>/slipway/builder-<name>:latest}; anything else is taken as a full
 * image reference, so a team can bring its own s2i builder.
 */
public final class BuilderImages {

    /**
     * The builders of the catalog in {@code builder-images/}, in the order its {@code detect} script
     * asks them (a test holds the two together).
     */
    public static final List<String> CATALOG = List.of("java", "go", "ruby", "python", "node", "static");

    private BuilderImages() {
    }

    /** {@code java} becomes {@code <registry>/slipway/builder-java:latest}; a reference is used as is. */
    public static String reference(String builder, String registry) {
        return CATALOG.contains(builder) ? registry + "/slipway/builder-" + builder + ":latest" : builder;
    }
}
