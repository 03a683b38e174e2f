package dev.slipway.controller.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.controller.route.HostClaims.Claim;
import dev.slipway.controller.route.HostClaims.Decision;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostClaimsTest {

    /** {@code claim} decided among {@code others}: admitted, or held by {@code holder} ("ns/name"). */
    record Scenario(String name, Claim claim, List<Claim> others, boolean admitted, String holder) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Claim claim(String ns, String name, int second, String host, String path) {
        return new Claim(ns, name, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second), host, path);
    }

    static Stream<Scenario> scenarios() {
        Claim mine = claim("a", "web", 10, "h", "/");
        return Stream.of(
                new Scenario("alone", mine, List.of(), true, null),
                new Scenario("itself among the claimants", mine, List.of(mine), true, null),
                new Scenario("an older route of the same namespace on the same path holds it", mine,
                        List.of(claim("a", "old", 5, "h", "/")), false, "a/old"),
                new Scenario("an older route of the same namespace on another path shares the host", mine,
                        List.of(claim("a", "api", 5, "h", "/api")), true, null),
                new Scenario("an older route of another namespace holds the whole host", mine,
                        List.of(claim("b", "other", 5, "h", "/other")), false, "b/other"),
                new Scenario("a younger route of another namespace does not matter", mine,
                        List.of(claim("b", "later", 20, "h", "/")), true, null),
                new Scenario("other hosts do not matter", mine,
                        List.of(claim("b", "x", 1, "other-host", "/"), claim("a", "y", 1, "h2", "/")), true, null),
                new Scenario("same second: the name decides, and 'alpha' comes first", claim("a", "beta", 10, "h", "/"),
                        List.of(claim("a", "alpha", 10, "h", "/")), false, "a/alpha"),
                new Scenario("same second: the namespace decides first", claim("b", "aaa", 10, "h", "/"),
                        List.of(claim("a", "zzz", 10, "h", "/")), false, "a/zzz"),
                new Scenario("the oldest of all decides the namespace, even past an older route of mine",
                        claim("b", "c", 30, "h", "/x"),
                        List.of(claim("a", "first", 10, "h", "/"), claim("b", "second", 20, "h", "/")), false,
                        "a/first"),
                new Scenario("when the holder is gone the next in age gets the host", claim("b", "c", 30, "h", "/x"),
                        List.of(claim("b", "second", 20, "h", "/")), true, null),
                new Scenario("not yet created (no timestamp) is youngest", new Claim("a", "new", Instant.MAX, "h", "/"),
                        List.of(claim("a", "old", 1000, "h", "/")), false, "a/old"));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void decidesWhoHoldsTheHost(Scenario s) {
        Decision decision = HostClaims.decide(s.claim(), s.others());

        assertThat(decision.admitted()).isEqualTo(s.admitted());
        if (s.holder() == null) {
            assertThat(decision.holder()).isNull();
        } else {
            assertThat(decision.holder().namespace() + "/" + decision.holder().name()).isEqualTo(s.holder());
            assertThat(decision.message(s.claim())).contains(decision.holder().name());
        }
    }

    @ParameterizedTest
    @CsvSource({"/api/, /api", "/api, /api", "/, /", "//, /", "/a/b//, /a/b"})
    void aTrailingSlashClaimsTheSamePrefix(String path, String claimed) {
        assertThat(Claim.samePrefix(path)).isEqualTo(claimed);
    }
}
