/**
 * The test cluster kit: a JUnit 5 extension ({@link dev.slipway.testkit.KubeClusterTest}) that
 * gives integration tests a real Kubernetes control plane, one per test JVM, with Slipway's CRDs
 * installed and a fresh namespace per test class, and that dumps the namespace under
 * {@code target/cluster-dumps/} when a test fails.
 */
package dev.slipway.testkit;
