/**
 * Slipway's controller: one reconciler per kind ({@code reconciler}), pure functions from a
 * resource to the Kubernetes objects it wants ({@code model}), the release state machine
 * ({@code rollout}) and condition bookkeeping ({@code status}). {@code model} and {@code rollout}
 * never talk to the cluster.
 */
package dev.slipway.controller;
