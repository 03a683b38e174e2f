/**
 * The {@code slipway.dev/v1alpha1} resources: App, Release, Build and Route, as users apply them
 * with kubectl and as the web API reads and writes them. The names of kinds, fields and phases are
 * a contract (see the project's resource specification); the CRDs under {@code manifests/crds/}
 * are generated from these types, so validation lives here as annotations.
 */
package dev.slipway.api.v1alpha1;
