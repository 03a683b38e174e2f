/**
 * The {@code slipway.dev/v1alpha1} resources: App, Release, Build and Route, as users apply them
 * with kubectl and as the web API reads and writes them. The names of kinds, fields and phases are
 * a contract (see the project's resource specification); the CRDs under {@code manifests/crds/}
 * are generated from these types, so validation lives here as annotations.
 *
 * <p>Defaults too: a field's {@code @Default} is published by its CRD, and the API server fills it
 * in wherever the field is absent and its parent object is there. Code reads such a field through
 * its {@code xOrDefault()} method all the same, since an object made in code, an absent parent, or
 * a cluster whose CRDs are older than the default leave the field unset. A few defaults are only
 * in those methods, where filling them in would change what an object means; each says why.
 */
package dev.slipway.api.v1alpha1;
