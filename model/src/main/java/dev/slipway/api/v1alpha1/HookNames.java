package dev.slipway.api.v1alpha1;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the Jobs of a release's hooks are named and what their pods run in: the controller makes
 * them, and the web API finds an attempt's pod by them to serve its log, so both must agree.
 */
public final class HookNames {

    /** The one container of a hook Job's pod. */
    public static final String CONTAINER = "hook";

    private HookNames() {
    }

    /** {@code shop-7-mid-1}: release {@code shop-7}, mid hook, first attempt. */
    public static String job(String release, StepName step, int attempt) {
        return release + "-" + hook(step) + "-" + attempt;
    }

    /**
     * {@code shop-9-down-8-1}: release {@code shop-9} undoing the migration of revision 8, first
     * attempt. The undone revision is in the name since a rollback may undo several.
     */
    public static String downJob(String release, long undoes, int attempt) {
        return release + "-down-" + undoes + "-" + attempt;
    }

    /** {@code pre}, {@code mid} or {@code post}: the hook a step runs, as Job names and API paths say it. */
    public static String hook(StepName step) {
        return switch (step) {
            case PRE_HOOK -> "pre";
            case MID_HOOK -> "mid";
            case POST_HOOK -> "post";
            default -> throw new IllegalArgumentException(step + " is not a hook");
        };
    }

    /** The step that runs hook {@code pre}, {@code mid} or {@code post}; empty for any other word. */
    public static Optional<StepName> step(String hook) {
        return Arrays.stream(StepName.values())
                .filter(s -> s == StepName.PRE_HOOK || s == StepName.MID_HOOK || s == StepName.POST_HOOK)
                .filter(s -> hook(s).equals(hook)).findFirst();
    }
}
