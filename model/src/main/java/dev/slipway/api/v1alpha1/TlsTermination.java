package dev.slipway.api.v1alpha1;

/** Where TLS of a route ends; the lower-case names follow OpenShift's Route. */
public enum TlsTermination {
    edge,
    passthrough,
    reencrypt
}
