package dev.slipway.apiserver.http;

import dev.slipway.apiserver.access.AccessHandlers;
import dev.slipway.apiserver.access.AccessRule;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds the router from the OpenAPI contract. Each operation runs, in order: authentication
 * (when the contract secures it), the contract's validation, the authorization its
 * {@code x-slipway-access} names, then its handler. Every failure, on any route or none, goes to
 * the one {@link ErrorRenderer}, except on the routes {@code moreRoutes} adds with failure handlers
 * of their own (the console's pages).
 */
public final class ContractRouter {

    private ContractRouter() {
    }

    public static Router build(Vertx vertx, OpenAPIContract contract, Map<String, Handler<RoutingContext>> handlers,
                               AccessHandlers access, List<Handler<RoutingContext>> rootHandlers, ErrorRenderer errors,
                               Consumer<Router> moreRoutes) {
        RouterBuilder builder = RouterBuilder.create(vertx, contract);
        rootHandlers.forEach(builder::rootHandler);
        RequestValidator validator = RequestValidator.create(vertx, contract);
        RequestExtractor extractor = RequestExtractor.withBodyHandler();
        for (OpenAPIRoute route : builder.getRoutes()) {
            Operation operation = route.getOperation();
            Handler<RoutingContext> handler = handlers.get(operation.getOperationId());
            if (handler == null) {
                throw new IllegalStateException("no handler for operation " + operation.getOperationId());
            }
            // Validation runs here, between authentication and authorization, not where RouterBuilder puts it.
            route.setDoValidation(false).setDoSecurity(false);
            boolean secured = !operation.getSecurityRequirements().isEmpty();
            if (secured) {
                route.addHandler(access.authenticate());
            }
            // A streamed body is read by its handler alone; its path parameters name an App, looked up there.
            if (!rawOperation(contract, operation).getBoolean("x-slipway-streamed-body", false)) {
                route.addHandler(validation(operation, validator, extractor));
            }
            List<AccessRule> rules = AccessRule.of(rawOperation(contract, operation));
            if (secured && !rules.isEmpty()) {
                route.addHandler(access.authorize(rules));
            }
            route.addHandler(handler).addFailureHandler(errors);
        }
        Router router = builder.createRouter();
        moreRoutes.accept(router);
        renderErrors(router, errors);
        return router;
    }

    /**
     * Sends every failure, and whatever the router answers by itself (a path it cannot decode:
     * 400; no route: 404; another method: 405; ...), to {@code errors}: a status without a handler
     * here would get Vert.x's plain-text page.
     */
    public static void renderErrors(Router router, ErrorRenderer errors) {
        router.route().failureHandler(errors);
        for (int status = 400; status < 600; status++) {
            router.errorHandler(status, errors.forStatus(status));
        }
    }

    private static JsonObject rawOperation(OpenAPIContract contract, Operation operation) {
        return contract.getRawContract().getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
                .getJsonObject(operation.getHttpMethod().name().toLowerCase());
    }

    /** Refuses bodies that are not JSON (415), then validates parameters and body against the contract (400). */
    private static Handler<RoutingContext> validation(Operation operation, RequestValidator validator,
                                                      RequestExtractor extractor) {
        return rc -> {
            if (operation.getRequestBody() != null && rc.body() != null && rc.body().length() > 0) {
                String type = rc.request().getHeader("Content-Type");
                String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase();
                if (!mediaType.equals("application/json")) {
                    rc.fail(ApiError.unsupportedMediaType(type));
                    return;
                }
            }
            extractor.extractValidatableRequest(rc, operation)
                    .compose(request -> validator.validate(request, operation.getOperationId()))
                    .onSuccess(validated -> {
                        rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                        rc.next();
                    })
                    .onFailure(rc::fail);
        };
    }
}
