package dev.slipway.controller.build;

import dev.slipway.api.v1alpha1.Build;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Builds as a user or the App reconciler writes them, in YAML. */
final class BuildFixtures {

    static final String REGISTRY = "registry.slipway-system.svc:5000";

    private BuildFixtures() {
    }

    /** Build {@code shop-build-3} of App shop with {@code builder}, as the App reconciler makes it. */
    static Build build(String builder) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Build
                metadata: {name: shop-build-3, namespace: demo, uid: 6f1c2a9e-0000-4000-8000-000000000003}
                spec:
                  app: shop
                  source: {git: {url: "https://git.example.com/shop.git", ref: main}}
                  builder: %s
                  output: {image: "registry.slipway-system.svc:5000/demo/shop"}
                  trigger: source change
                """.formatted(builder), Build.class);
    }
}
