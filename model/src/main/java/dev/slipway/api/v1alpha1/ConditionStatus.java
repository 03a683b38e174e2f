package dev.slipway.api.v1alpha1;

/** The three values of a condition's status, as Kubernetes spells them. */
public enum ConditionStatus {
    True,
    False,
    Unknown
}
