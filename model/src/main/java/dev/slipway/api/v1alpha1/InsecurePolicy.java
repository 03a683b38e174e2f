package dev.slipway.api.v1alpha1;

/** What a TLS route does with a plain HTTP request. */
public enum InsecurePolicy {
    Redirect,
    Allow,
    None
}
