package dev.slipway.api.v1alpha1;

/** What a failed hook does to its release. */
public enum FailurePolicy {
    Abort,
    Retry,
    Ignore
}
