/**
 * Pure functions from a Build to what runs it: the builder image it uses, the Dockerfile that
 * applies the s2i contract of the builder images, the Job that clones, builds and pushes, and what
 * the Job's pod says about how the build went. Nothing here talks to the cluster;
 * {@code reconciler.BuildReconciler} reads, calls these and writes. The one part that does I/O is
 * {@link dev.slipway.controller.build.RegistryClient}, which asks container registries (not the
 * cluster) which digest a builder image's tag points at.
 */
package dev.slipway.controller.build;
