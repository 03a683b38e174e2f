package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class BuildNamesTest {

    @Test
    void namesAndNumbersRoundTripForTheirAppOnly() {
        assertThat(BuildNames.name("shop", 12)).isEqualTo("shop-build-12");
        assertThat(BuildNames.number("shop", "shop-build-12")).isEqualTo(12);
        assertThat(BuildNames.number("shop", "shop-api-build-3")).as("another App's build").isZero();
        assertThat(BuildNames.number("shop", "hotfix")).isZero();
        assertThat(BuildNames.number("shop", null)).isZero();
        assertThat(BuildNames.outputImage("registry.slipway-system.svc:5000", "demo", "shop"))
                .isEqualTo("registry.slipway-system.svc:5000/demo/shop");
    }

    @Test
    void aBuildOfTheAppsOwnSourceKeepsTheCommitItPins() {
        App app = Serialization.unmarshal("""
                apiVersion: slipway.dev/v1alpha1
                kind: App
                metadata: {name: shop, namespace: demo}
                spec:
                  source:
                    git: {url: "https://git.example.com/shop.git", ref: main, commit: 3f2a9c1, contextDir: web}
                    builder: ruby
                """, App.class);

        BuildSpec own = BuildNames.spec(app, null, null, "source change", "registry.local:5000");
        BuildSpec pushed = BuildNames.spec(app, null, "9e8d7c6", "webhook: push 9e8d7c6", "registry.local:5000");
        BuildSpec otherRef = BuildNames.spec(app, "feature", null, "requested by alice", "registry.local:5000");

        assertThat(own.getSource().getGit().getCommit()).isEqualTo("3f2a9c1");
        assertThat(own.getSource().getGit().getContextDir()).isEqualTo("web");
        assertThat(own.getBuilder()).isEqualTo("ruby");
        assertThat(own.getOutput().getImage()).isEqualTo("registry.local:5000/demo/shop");
        assertThat(pushed.getSource().getGit().getCommit()).isEqualTo("9e8d7c6");
        assertThat(otherRef.getSource().getGit().getRef()).isEqualTo("feature");
        assertThat(otherRef.getSource().getGit().getCommit()).as("the App's commit belongs to its own ref").isNull();
    }
}
