package dev.slipway.api.v1alpha1;

/** The two ways a release replaces running pods. */
public enum StrategyType {
    Rolling,
    Recreate
}
