package dev.slipway.apiserver.access;

import dev.slipway.apiserver.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The two access steps of every authenticated operation: {@link #authenticate()} runs first (no
 * or unknown token: 401; over the user's rate, or too many unknown tokens from the client's
 * address: 429), then, after the request is validated,
 * {@link #authorize(List)} checks each of the operation's rules (403 naming what was refused).
 */
public final class AccessHandlers {

    private static final String IDENTITY = "slipway.identity";

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final RateLimiter rateLimiter;

    public AccessHandlers(Authenticator authenticator, Authorizer authorizer, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.rateLimiter = rateLimiter;
    }

    public static Identity identity(RoutingContext rc) {
        return rc.get(IDENTITY);
    }

    public Handler<RoutingContext> authenticate() {
        return rc -> {
            String header = rc.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
                rc.fail(ApiError.unauthorized("an Authorization: Bearer <Kubernetes token> header is required"));
                return;
            }
            authenticator.authenticate(header.substring(7).strip(), rc.request()).onComplete(result -> {
                if (result.failed()) {
                    rc.fail(result.cause() instanceof ApiError refused ? refused
                            : ApiError.unavailable("cannot review the token with Kubernetes now; try again"));
                } else if (result.result().isEmpty()) {
                    rc.fail(ApiError.unauthorized("the bearer token is not valid"));
                } else {
                    Identity who = result.result().get();
                    long wait = rateLimiter.acquire(who.username());
                    if (wait > 0) {
                        rc.fail(ApiError.tooManyRequests(wait));
                        return;
                    }
                    rc.put(IDENTITY, who);
                    rc.next();
                }
            });
        };
    }

    /** The 403 for a rule that does not allow {@code who}, in the words kubectl's refusals use. */
    public static ApiError refused(Identity who, AccessRule rule, String namespace) {
        return ApiError.forbidden("user \"" + who.username() + "\" cannot " + rule.verb() + " "
                + rule.resource() + "." + AccessRule.GROUP + " in namespace \"" + namespace + "\"");
    }

    public Handler<RoutingContext> authorize(List<AccessRule> rules) {
        return rc -> {
            Identity who = identity(rc);
            String namespace = rc.pathParam("ns");
            List<Future<Boolean>> answers = rules.stream()
                    .map(rule -> authorizer.allowed(who, namespace, rule,
                            rule.nameParam() == null ? null : rc.pathParam(rule.nameParam())))
                    .toList();
            Future.all(answers).onComplete(result -> {
                if (result.failed()) {
                    rc.fail(ApiError.unavailable("cannot review access with Kubernetes now; try again"));
                    return;
                }
                for (int i = 0; i < rules.size(); i++) {
                    if (!answers.get(i).result()) {
                        rc.fail(refused(who, rules.get(i), namespace));
                        return;
                    }
                }
                rc.next();
            });
        };
    }
}
