package dev.slipway.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** When a cached object still holds what the controller applied, and when it was edited away from it. */
class ClusterWriterTest {

    private static final String DESIRED = """
            {"metadata": {"name": "shop", "labels": {"slipway.dev/route": "shop"}},
             "spec": {"rules": [{"host": "shop.example", "http": {"paths": [
                 {"path": "/", "backend": {"service": {"name": "shop", "port": {"number": 80}}}}]}}]}}
            """;

    record Scenario(String name, String observed, boolean holds) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("as applied", DESIRED, true),
                new Scenario("with the server's defaults, status and other annotations", """
                        {"metadata": {"name": "shop", "uid": "1", "resourceVersion": "7",
                                      "labels": {"slipway.dev/route": "shop", "team": "a"},
                                      "annotations": {"note": "hand"}},
                         "spec": {"rules": [{"host": "shop.example", "http": {"paths": [
                             {"path": "/", "pathType": "Prefix",
                              "backend": {"service": {"name": "shop", "port": {"number": 80.0}}}}]}}]},
                         "status": {"loadBalancer": {}}}
                        """, true),
                new Scenario("a backend edited by hand", DESIRED.replace("\"name\": \"shop\", \"port\"",
                        "\"name\": \"other\", \"port\""), false),
                new Scenario("a rule added by hand", DESIRED.replace("}]}}]}}", "}]}}, {\"host\": \"x\"}]}}"), false),
                new Scenario("our label removed", DESIRED.replace("{\"slipway.dev/route\": \"shop\"}", "{}"), false));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void anEditOfAFieldWeSetIsDriftAnythingAddedIsNot(Scenario s) {
        assertThat(ClusterWriter.holds(json(s.observed()), json(DESIRED))).isEqualTo(s.holds());
    }

    private static JsonNode json(String text) {
        return Serialization.unmarshal(text, JsonNode.class);
    }
}
