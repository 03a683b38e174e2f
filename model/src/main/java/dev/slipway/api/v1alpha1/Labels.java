package dev.slipway.api.v1alpha1;

/** The labels and annotations Slipway puts on what it makes; users and tests select by them. */
public final class Labels {

    /** Every pod, Deployment, Service and Job of an App. */
    public static final String APP = "slipway.dev/app";
    /** The release revision a pod or Job runs. */
    public static final String REVISION = "slipway.dev/revision";
    /** {@value #WEB} for the pods that serve, {@value #HOOK} for hook Jobs' pods, {@value #BUILDER} for build pods. */
    public static final String ROLE = "slipway.dev/role";
    public static final String WEB = "web";
    public static final String HOOK = "hook";
    public static final String BUILDER = "build";
    /** The Build a build Job and its pod belong to. */
    public static final String BUILD = "slipway.dev/build";
    /** The Release a hook Job belongs to. */
    public static final String RELEASE = "slipway.dev/release";
    /** The step of a hook Job: pre-hook, mid-hook or post-hook. */
    public static final String STEP = "slipway.dev/step";
    /** The attempt number of a hook Job, from 1. */
    public static final String ATTEMPT = "slipway.dev/attempt";

    /**
     * On a Release: hash of what the App's pods would run when the release was made (its image and
     * config). The config trigger compares the App with this, not with what the release runs: a
     * release of another image (an API request, a rollback) is not a change of the App to undo.
     */
    public static final String CONFIG_HASH = "slipway.dev/config-hash";
    /** On a Release made by the image trigger: the Build whose image it runs. */
    public static final String FROM_BUILD = "slipway.dev/from-build";
    /** On a Build made by the builder image trigger: the builder image, by digest, it was made for. */
    public static final String BUILDER_IMAGE = "slipway.dev/builder-image";
    /** On a Release: the App generation it was made from. */
    public static final String APP_GENERATION = "slipway.dev/app-generation";
    /** On objects Slipway applies: hash of the applied desired state, so an unchanged object is not written again. */
    public static final String APPLIED_HASH = "slipway.dev/applied-hash";

    private Labels() {
    }
}
