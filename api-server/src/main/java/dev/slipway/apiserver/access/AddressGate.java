package dev.slipway.apiserver.access;

import dev.slipway.apiserver.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Holds back, per client address, the requests whose credentials only Kubernetes can judge (a
 * bearer token the server does not know, a webhook's signature, whose secret is read from
 * Kubernetes): each costs a call to kube-apiserver, so a flood of made-up credentials would be a
 * flood of calls. The charge is given back when the credential turns out good, or when Kubernetes
 * could not be asked, so only bad credentials use up an address's allowance: behind an ingress,
 * where every client has the ingress's address, good users are not held back by each other.
 */
public final class AddressGate {

    public static final String FORWARDED_FOR = "X-Forwarded-For";

    private final RateLimiter limiter;
    private final int trustedProxyHops;

    /**
     * @param trustedProxyHops proxies in front that append the address they saw to
     *                         {@code X-Forwarded-For}; 0 ignores the header, which anyone can write
     */
    public AddressGate(RateLimiter limiter, int trustedProxyHops) {
        this.limiter = limiter;
        this.trustedProxyHops = trustedProxyHops;
    }

    /** The address that {@code request} is counted under. */
    public String clientOf(HttpServerRequest request) {
        String address = trustedProxyHops > 0 ? forwardedFor(request.headers().getAll(FORWARDED_FOR), trustedProxyHops)
                : null;
        if (address == null) {
            SocketAddress remote = request.remoteAddress();
            address = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        }
        return key(address);
    }

    /**
     * The entry the outermost trusted proxy appended: the client's address as it saw it. Entries
     * to its left were written by the client and prove nothing.
     */
    static String forwardedFor(List<String> headers, int hops) {
        List<String> entries = headers.stream().flatMap(h -> Arrays.stream(h.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        return entries.isEmpty() ? null : entries.get(Math.max(0, entries.size() - hops));
    }

    /** IPv6 clients are counted per /64, which one host commonly holds whole; anything unparsable as it is. */
    static String key(String address) {
        String bare = address.length() > 64 ? address.substring(0, 64) : address;
        if (bare.indexOf(':') < 0) {
            return bare;
        }
        try {
            // In brackets, a literal is parsed or refused, never looked up in DNS.
            byte[] bytes = InetAddress.getByName("[" + bare.replace("[", "").replace("]", "") + "]").getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64"
                    : InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return bare;
        }
    }

    /**
     * Runs {@code review}, a call to Kubernetes about a credential, unless {@code client} has used
     * up its allowance: then it fails with a 429 and Kubernetes is not asked. The charge stays
     * only when the review answered and {@code bad} says the credential was bad.
     */
    public <T> Future<T> guard(String client, Supplier<Future<T>> review, Predicate<T> bad) {
        long wait = limiter.acquire(client);
        if (wait > 0) {
            return Future.failedFuture(ApiError.tooManyRequests(wait,
                    "too many requests with credentials that did not verify from your address; retry after "
                            + wait + " s"));
        }
        Future<T> answer;
        try {
            answer = review.get();
        } catch (RuntimeException e) {
            limiter.refund(client);
            throw e;
        }
        return answer.onComplete(result -> {
            if (result.failed() || !bad.test(result.result())) {
                limiter.refund(client);
            }
        });
    }
}
