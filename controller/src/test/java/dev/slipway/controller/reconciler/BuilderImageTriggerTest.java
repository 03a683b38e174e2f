package dev.slipway.controller.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Build;
import dev.slipway.api.v1alpha1.Labels;
import dev.slipway.controller.build.BuilderImageDigest;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** When a builder image's new digest rebuilds an App, as a table. */
class BuilderImageTriggerTest {

    private static final String REGISTRY = "registry.local:5000";
    private static final String NODE = REGISTRY + "/slipway/builder-node:latest";
    private static final String RUBY = REGISTRY + "/slipway/builder-ruby:latest";
    private static final String RUST = "ghcr.io/acme/builder-rust:1";
    private static final String OLD = "sha256:" + "0a".repeat(32);
    private static final String NEW = "sha256:" + "0b".repeat(32);

    record Scenario(String name, String appBuilder, List<Build> history, BuilderImageDigest polled, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("named builder, new digest", "node", List.of(build(1, "Complete", NODE + "@" + OLD)),
                        digest(NODE, NEW), NODE + "@" + NEW),
                new Scenario("named builder, same digest", "node", List.of(build(1, "Complete", NODE + "@" + OLD)),
                        digest(NODE, OLD), null),
                new Scenario("the newest build that ran the tag decides", "node",
                        List.of(build(1, "Complete", NODE + "@" + OLD), build(2, "Failed", NODE + "@" + NEW)),
                        digest(NODE, NEW), null),
                new Scenario("a build is running", "node",
                        List.of(build(1, "Complete", NODE + "@" + OLD), build(2, "Running", NODE + "@" + OLD)),
                        digest(NODE, NEW), null),
                new Scenario("a rebuild for that digest exists and failed", "node",
                        List.of(build(1, "Complete", NODE + "@" + OLD), rebuiltFor(build(2, "Failed", null), NODE + "@" + NEW)),
                        digest(NODE, NEW), null),
                new Scenario("the newest build ran the bare tag (digest not known then)", "node",
                        List.of(build(1, "Complete", NODE)), digest(NODE, NEW), NODE + "@" + NEW),
                new Scenario("a detected rebuild for that digest failed before reporting its builder", null,
                        List.of(build(1, "Complete", NODE + "@" + OLD), rebuiltFor(build(2, "Failed", null), NODE + "@" + NEW)),
                        digest(NODE, NEW), null),
                new Scenario("the tag moved back to a digest rebuilt for long ago", "node",
                        List.of(build(1, "Complete", NODE + "@" + OLD), rebuiltFor(build(2, "Complete", NODE + "@" + NEW),
                                NODE + "@" + NEW), rebuiltFor(build(3, "Complete", NODE + "@" + OLD), NODE + "@" + OLD)),
                        digest(NODE, NEW), NODE + "@" + NEW),
                new Scenario("the App pins its builder by digest", RUST + "@" + OLD,
                        List.of(build(1, "Complete", RUST + "@" + OLD)), digest(RUST, NEW), null),
                new Scenario("nothing polled", "node", List.of(build(1, "Complete", NODE + "@" + OLD)), null, null),
                new Scenario("the App moved to another builder", "ruby", List.of(build(1, "Complete", NODE + "@" + OLD)),
                        digest(NODE, NEW), null),
                new Scenario("detected builder, new digest", null, List.of(build(1, "Complete", NODE + "@" + OLD)),
                        digest(NODE, NEW), NODE + "@" + NEW),
                new Scenario("detected builder changed to ruby", null,
                        List.of(build(1, "Complete", NODE + "@" + OLD), build(2, "Complete", RUBY + "@" + OLD)),
                        digest(NODE, NEW), null),
                new Scenario("nothing detected yet", null, List.of(build(1, "Failed", null)), digest(NODE, NEW), null));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void decides(Scenario s) {
        Optional<String> rebuild = BuilderImageTrigger.rebuild(app(s.appBuilder()), s.history(),
                Optional.ofNullable(s.polled()), REGISTRY);

        assertThat(rebuild).isEqualTo(Optional.ofNullable(s.expected()));
        // Pure: the same question gets the same answer.
        assertThat(BuilderImageTrigger.rebuild(app(s.appBuilder()), s.history(), Optional.ofNullable(s.polled()),
                REGISTRY)).isEqualTo(rebuild);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void anAppWithoutSourceIsNeverRebuilt(Scenario s) {
        App app = app(s.appBuilder());
        app.getSpec().setSource(null);
        app.getSpec().setImage("registry.example/shop:1");

        assertThat(BuilderImageTrigger.rebuild(app, s.history(), Optional.ofNullable(s.polled()), REGISTRY)).isEmpty();
    }

    private static App app(String builder) {
        return Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop, namespace: demo}
                spec:
                  source:
                    git: {url: "https://git.example.com/shop.git"}
                    builder: %s
                """.formatted(builder == null ? "null" : builder), App.class);
    }

    private static Build build(int number, String phase, String builderImage) {
        Build build = Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: Build
                metadata: {name: shop-build-%d, namespace: demo, creationTimestamp: "2026-11-26T10:%02d:00Z"}
                spec:
                  app: shop
                  source: {git: {url: "https://git.example.com/shop.git"}}
                  output: {image: "registry.local:5000/demo/shop"}
                status: {phase: %s}
                """.formatted(number, number, phase), Build.class);
        build.getStatus().setBuilderImage(builderImage);
        return build;
    }

    private static Build rebuiltFor(Build build, String pinned) {
        build.getMetadata().setAnnotations(Map.of(Labels.BUILDER_IMAGE, pinned));
        return build;
    }

    private static BuilderImageDigest digest(String tag, String digest) {
        return new BuilderImageDigest(tag, digest);
    }
}
