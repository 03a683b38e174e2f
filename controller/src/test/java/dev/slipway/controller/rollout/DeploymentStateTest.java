package dev.slipway.controller.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A rollout's progress in kubectl's terms: an old pod that serves is never counted as a new one. */
class DeploymentStateTest {

    record Scenario(String name, int replicas, int updated, int available, String progress) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("new pods still being created", 3, 1, 2, "1 of 2 new pods created"),
                new Scenario("an old pod serves while a new one is not ready: not 2 available", 3, 2, 2,
                        "1 old pod pending termination"),
                new Scenario("all new, one of them not ready", 2, 2, 1, "1 of 2 new pods available"),
                new Scenario("all new and available", 2, 2, 2, "2 of 2 new pods available"));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void progressCountsAsKubectlDoes(Scenario s) {
        DeploymentState state = new DeploymentState(7, 2, 3, 3, s.replicas(), s.updated(), s.available());

        assertThat(state.progress(2)).isEqualTo(s.progress());
    }
}
