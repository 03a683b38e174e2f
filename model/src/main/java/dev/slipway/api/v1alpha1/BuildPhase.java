package dev.slipway.api.v1alpha1;

/** Where a build stands; Complete, Failed and Cancelled are final. */
public enum BuildPhase {
    New,
    Pending,
    Running,
    Complete,
    Failed,
    Cancelled
}
