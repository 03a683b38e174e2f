package dev.slipway.controller.reconciler;

import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.BuildNames;
import dev.slipway.api.v1alpha1.BuildPhase;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Questions about an App's builds, asked by the Build reconciler and the App's build step. */
final class Builds {

    /** The name of the cache index of builds by App. */
    static final String BY_APP = "byApp";
    private static final Set<BuildPhase> FINAL = EnumSet.of(BuildPhase.Complete, BuildPhase.Failed, BuildPhase.Cancelled);

    /**
     * Oldest first: by creation time, then, within the same second, by the number at the end of the
     * name ({@code shop-build-9} before {@code shop-build-10}), then by name.
     */
    static final Comparator<Build> AGE = Comparator.comparing((Build b) -> b.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingLong(Builds::number)
            .thenComparing(b -> b.getMetadata().getName());

    private Builds() {
    }

    static BuildPhase phase(Build build) {
        return build.getStatus() == null || build.getStatus().getPhase() == null ? BuildPhase.New
                : build.getStatus().getPhase();
    }

    static boolean isFinal(Build build) {
        return FINAL.contains(phase(build));
    }

    /** Pending or Running: its Job exists and holds the App's one build slot. */
    static boolean isActive(Build build) {
        return phase(build) == BuildPhase.Pending || phase(build) == BuildPhase.Running;
    }

    /** {@code 12} for {@code shop-build-12}; 0 for a name Slipway did not give. */
    static long number(Build build) {
        return BuildNames.number(build.getSpec().getApp(), build.getMetadata().getName());
    }

    /** The {@link #BY_APP} index of a build: the key of its App. */
    static List<String> appIndex(Build build) {
        return List.of(appKey(build.getMetadata().getNamespace(), build.getSpec().getApp()));
    }

    static String appKey(String namespace, String app) {
        return namespace + "/" + app;
    }
}
