/**
 * Pure functions from a Route (and what the reconciler read about its surroundings) to the host it
 * serves, whether it holds that host, and the Ingress or Gateway API HTTPRoutes that carry it out.
 * Nothing here talks to the cluster; {@code reconciler.RouteReconciler} reads, calls these and writes.
 */
package dev.slipway.controller.route;
