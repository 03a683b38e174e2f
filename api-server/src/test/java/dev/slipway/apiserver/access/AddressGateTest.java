package dev.slipway.apiserver.access;

import dev.slipway.apiserver.http.ApiError;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AddressGateTest {

    @Test
    void theClientIsTheEntryTheOutermostTrustedProxyAppended() {
        List<String> headers = List.of("6.6.6.6, 10.1.1.1", "192.0.2.10");

        assertThat(AddressGate.forwardedFor(headers, 1)).isEqualTo("192.0.2.10");
        assertThat(AddressGate.forwardedFor(headers, 2)).isEqualTo("10.1.1.1");
        assertThat(AddressGate.forwardedFor(headers, 9)).isEqualTo("6.6.6.6");
        assertThat(AddressGate.forwardedFor(List.of(" , "), 1)).isNull();
        assertThat(AddressGate.forwardedFor(List.of(), 1)).isNull();
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64AndNothingIsLookedUp() {
        assertThat(AddressGate.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(AddressGate.key("2001:db8:1:2::9"))
                .isNotEqualTo(AddressGate.key("2001:db8:1:3::9"));
        assertThat(AddressGate.key("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(AddressGate.key("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(AddressGate.key("evil.example:zz")).isEqualTo("evil.example:zz");
        assertThat(AddressGate.key("x".repeat(500))).hasSize(64);
    }

    @Test
    void onlyCredentialsThatTurnOutBadUseUpTheAllowance() {
        AddressGate gate = new AddressGate(new RateLimiter(0.001, 1), 0);

        assertThat(gate.guard("a", () -> Future.succeededFuture(true), bad -> !bad).succeeded()).isTrue();
        assertThat(gate.guard("a", () -> Future.failedFuture(new IllegalStateException("down")), bad -> true).failed())
                .isTrue();
        assertThat(gate.guard("a", () -> Future.succeededFuture(false), bad -> !bad).result()).isFalse();

        Future<Boolean> refused = gate.guard("a", () -> Future.succeededFuture(true), bad -> !bad);
        assertThat(refused.cause()).isInstanceOfSatisfying(ApiError.class, error -> {
            assertThat(error.status()).isEqualTo(429);
            assertThat(error.headers().get("Retry-After")).isNotBlank();
            assertThat(error.getMessage()).contains("did not verify");
        });
    }
}
