package dev.slipway.apiserver.handlers;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

/** The validated parts of a request, as the contract's validation left them. */
final class Bodies {

    private Bodies() {
    }

    static ValidatedRequest validated(RoutingContext rc) {
        return rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    }

    /** The JSON body, or an empty object when the operation's optional body was left out. */
    static JsonObject body(RoutingContext rc) {
        ValidatedRequest request = validated(rc);
        Object body = request == null || request.getBody() == null ? null : request.getBody().get();
        return body instanceof JsonObject json ? json : new JsonObject();
    }
}
