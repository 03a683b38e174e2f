package dev.slipway.apiserver.console;

import dev.slipway.apiserver.access.Authenticator;
import dev.slipway.apiserver.http.ApiError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Function;

/**
 * What the console's forms do. Signing in checks the token with TokenReview (the API's
 * {@link Authenticator}); a release or rollback is the API's own operation called with the user's
 * token, and whatever it answers, success or a refusal, is shown on the App page after a
 * redirect, so reloading that page never repeats the action.
 */
final class ConsoleActions {

    private final Authenticator authenticator;
    private final ApiLoopback api;
    private final Templates templates;

    ConsoleActions(Authenticator authenticator, ApiLoopback api, Templates templates) {
        this.authenticator = authenticator;
        this.api = api;
        this.templates = templates;
    }

    void signInForm(RoutingContext rc) {
        Map<String, Object> model = Console.model(rc, "Sign in");
        if (rc.request().getParam("expired") != null || ConsoleSession.wasTokenRefused(rc)) {
            model.put("notice", Notice.error("Your session ended or its token is no longer valid; sign in again."));
        }
        Console.html(rc, 200, templates.render("sign-in", model));
    }

    void signIn(RoutingContext rc) {
        String token = field(rc, "token");
        if (token == null) {
            signInRefused(rc, 400, "Paste a Kubernetes bearer token.");
            return;
        }
        authenticator.authenticate(token, rc.request()).onSuccess(identity -> {
            if (identity.isEmpty()) {
                signInRefused(rc, 401, "Kubernetes does not accept that token (unknown, expired or revoked).");
                return;
            }
            ConsoleSession.signIn(rc, token);
            Console.redirect(rc, "/ui/");
        }).onFailure(e -> {
            if (e instanceof ApiError limited && limited.status() == 429) {
                limited.headers().forEach(rc.response()::putHeader);
                signInRefused(rc, 429, "Too many tokens that Kubernetes did not accept came from your address; "
                        + "try again in " + limited.headers().get("Retry-After") + " s.");
                return;
            }
            signInRefused(rc, 503, "Kubernetes cannot review the token now; try again.");
        });
    }

    private void signInRefused(RoutingContext rc, int status, String message) {
        Map<String, Object> model = Console.model(rc, "Sign in");
        model.put("notice", Notice.error(message));
        Console.html(rc, status, templates.render("sign-in", model));
    }

    void signOut(RoutingContext rc) {
        ConsoleSession.signOut(rc);
        Console.redirect(rc, "/ui/sign-in");
    }

    void release(RoutingContext rc) {
        JsonObject body = new JsonObject();
        putIfGiven(body, "image", field(rc, "image"));
        putIfGiven(body, "reason", field(rc, "reason"));
        act(rc, "releases", body, "Release", ConsoleActions::requested);
    }

    void rollback(RoutingContext rc) {
        JsonObject body = new JsonObject();
        String revision = field(rc, "toRevision");
        try {
            body.put("toRevision", revision == null ? null : Long.parseLong(revision));
        } catch (NumberFormatException e) {
            body.put("toRevision", revision);
        }
        putIfGiven(body, "reason", field(rc, "reason"));
        act(rc, "rollback", body, "Rollback", ConsoleActions::requested);
    }

    /** Approve or reject: the form's button says which. */
    void approval(RoutingContext rc) {
        JsonObject body = new JsonObject();
        putIfGiven(body, "decision", field(rc, "decision"));
        putIfGiven(body, "reason", field(rc, "reason"));
        String decided = "reject".equals(body.getString("decision")) ? "rejected" : "approved";
        act(rc, "releases/" + rc.pathParam("revision") + "/approval", body, "Decision",
                release -> "Revision " + rc.pathParam("revision") + " of " + rc.pathParam("app") + " " + decided + ".");
    }

    /**
     * The API operation at {@code operationPath} under the App, with the user's token; the App page
     * then says what came of it: {@code done} words the created or changed Release, a refusal is
     * the API's own message after {@code what}.
     */
    private void act(RoutingContext rc, String operationPath, JsonObject body, String what,
                     Function<JsonObject, String> done) {
        String ns = rc.pathParam("ns");
        String app = rc.pathParam("app");
        api.postJson(rc, "/api/v1/namespaces/" + ns + "/apps/" + app + "/" + operationPath, body).onSuccess(answer -> {
            ConsoleSession.notice(rc, answer.ok() ? Notice.ok(done.apply(answer.body()))
                    : Notice.error(what + " refused: " + answer.errorMessage()));
            Console.redirect(rc, "/ui/namespaces/" + ns + "/apps/" + app);
        }).onFailure(rc::fail);
    }

    /** "Release requested: revision 7 of shop." for the Release the API created (Release or Rollback). */
    private static String requested(JsonObject release) {
        JsonObject spec = release.getJsonObject("spec", new JsonObject());
        String kind = spec.getValue("rollbackOf") == null ? "Release" : "Rollback";
        return kind + " requested: revision " + spec.getValue("revision") + " of " + spec.getString("app") + ".";
    }

    /** A form field, stripped; null when absent or blank. */
    private static String field(RoutingContext rc, String name) {
        String value = rc.request().getFormAttribute(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void putIfGiven(JsonObject body, String key, String value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
