package dev.slipway.apiserver.console;

import dev.slipway.apiserver.access.AccessRule;
import dev.slipway.apiserver.access.Authenticator;
import dev.slipway.apiserver.access.Authorizer;
import dev.slipway.apiserver.access.Identity;
import dev.slipway.apiserver.handlers.AppsHandler;
import dev.slipway.apiserver.http.ApiError;
import dev.slipway.apiserver.http.RequestIds;
import dev.slipway.apiserver.store.ResourceCache;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The web console's routes under {@code /ui/}, and what every one of them shares: security
 * headers, the session, sign-in, CSRF tokens on forms, and an HTML error page.
 */
public final class Console {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final String IDENTITY = "slipway.console.identity";
    static final String SESSION_COOKIE = "slipway-console";
    /** Forms are a few short fields. */
    private static final long FORM_LIMIT_BYTES = 16 * 1024;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Authenticator authenticator;
    private final ConsolePages pages;
    private final ConsoleActions actions;
    private final Templates templates;
    private final SessionHandler plainSessions;
    private final SessionHandler secureSessions;

    /**
     * @param port the port this server listens on, known once it does: actions call the API there
     * @param idle how long a session lasts without a request
     */
    public Console(Vertx vertx, ResourceCache cache, Set<String> servedNamespaces, Authenticator authenticator,
                   Authorizer authorizer, Map<String, List<AccessRule>> rulesByOperation, AppsHandler apps,
                   String listenHost, IntSupplier port, Duration idle) {
        this.authenticator = authenticator;
        this.templates = new Templates();
        ApiLoopback api = new ApiLoopback(vertx, listenHost, port);
        this.pages = new ConsolePages(cache, servedNamespaces, new ConsoleAccess(rulesByOperation, authorizer), templates,
                apps, api);
        this.actions = new ConsoleActions(authenticator, api, templates);
        SessionStore store = LocalSessionStore.create(vertx);
        this.plainSessions = sessions(store, idle, false);
        this.secureSessions = sessions(store, idle, true);
    }

    private static SessionHandler sessions(SessionStore store, Duration idle, boolean secure) {
        return SessionHandler.create(store).setSessionCookieName(SESSION_COOKIE).setSessionTimeout(idle.toMillis())
                .setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.STRICT).setCookieSecureFlag(secure)
                .setMinLength(32);
    }

    /** Adds the console's routes to {@code router}, ahead of the API's catch-all error handler. */
    public void install(Router router) {
        router.get("/").handler(rc -> redirect(rc, "/ui/"));
        router.route("/ui/*").handler(Console::securityHeaders).failureHandler(this::errorPage);
        router.get("/ui/static/*").handler(StaticHandler.create("console/static").setCachingEnabled(true)
                .setMaxAgeSeconds(300).setDirectoryListing(false).setIncludeHidden(false));
        router.route("/ui/*").handler(this::session);
        router.post("/ui/*").handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT_BYTES)
                .setMergeFormAttributes(false)).handler(Console::csrf);

        router.get("/ui/sign-in").handler(actions::signInForm);
        router.post("/ui/sign-in").handler(actions::signIn);
        router.post("/ui/sign-out").handler(actions::signOut);

        router.route("/ui/*").handler(this::signedIn);
        router.get("/ui/").handler(pages::namespaces);
        router.get("/ui/namespaces/:ns").handler(pages::apps);
        router.get("/ui/namespaces/:ns/apps/:app").handler(pages::app);
        router.get("/ui/namespaces/:ns/apps/:app/live").handler(pages::appLive);
        router.get("/ui/namespaces/:ns/apps/:app/events").handler(pages::events);
        router.get("/ui/namespaces/:ns/apps/:app/builds/:build/log").handler(pages::buildLog);
        router.get("/ui/namespaces/:ns/apps/:app/releases/:revision/hooks/:hook/log").handler(pages::hookLog);
        router.post("/ui/namespaces/:ns/apps/:app/releases").handler(actions::release);
        router.post("/ui/namespaces/:ns/apps/:app/rollback").handler(actions::rollback);
        router.post("/ui/namespaces/:ns/apps/:app/releases/:revision/approval").handler(actions::approval);
        router.route("/ui/*").handler(rc -> rc.fail(ApiError.notFound("no such page")));
    }

    private static void securityHeaders(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
        rc.next();
    }

    /** The session cookie is Secure when the browser reached us over TLS, here or at the ingress in front. */
    private void session(RoutingContext rc) {
        boolean tls = rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto"));
        (tls ? secureSessions : plainSessions).handle(rc);
    }

    private static void csrf(RoutingContext rc) {
        if (!ConsoleSession.csrfMatches(rc, rc.request().getFormAttribute("csrf"))) {
            rc.fail(ApiError.forbidden("the form's CSRF token is missing or does not match this session; "
                    + "reload the page and try again"));
            return;
        }
        rc.next();
    }

    /**
     * The session's token, checked again with TokenReview (cached for the access cache time), so an
     * expired or revoked token ends the session at the next page view.
     */
    private void signedIn(RoutingContext rc) {
        String token = ConsoleSession.token(rc);
        if (token == null) {
            toSignIn(rc, ConsoleSession.wasTokenRefused(rc));
            return;
        }
        authenticator.authenticate(token, rc.request()).onSuccess(identity -> {
            if (identity.isEmpty()) {
                ConsoleSession.tokenRefused(rc);
                toSignIn(rc, true);
                return;
            }
            rc.put(IDENTITY, identity.get());
            rc.next();
        }).onFailure(e -> rc.fail(e instanceof ApiError refused ? refused
                : ApiError.unavailable("cannot review the token with Kubernetes now; try again")));
    }

    /** A page is sent to sign-in; a script's fetch (of live parts or logs) gets 401 and sends the page itself. */
    private static void toSignIn(RoutingContext rc, boolean expired) {
        if ("fetch".equals(rc.request().getHeader("X-Console"))) {
            rc.fail(ApiError.unauthorized("sign in again"));
            return;
        }
        redirect(rc, expired ? "/ui/sign-in?expired=1" : "/ui/sign-in");
    }

    private void errorPage(RoutingContext rc) {
        int status;
        String message;
        if (rc.failure() instanceof ApiError error) {
            status = error.status();
            message = error.getMessage();
        } else if (rc.statusCode() >= 400 && rc.statusCode() < 500) {
            // Vert.x's own refusal (a form it cannot decode), whatever exception it carries.
            status = rc.statusCode();
            message = status == 413 ? "the form is too large" : "the request was refused";
        } else {
            status = 500;
            message = "internal error; quote the request id when reporting it";
            LOG.atError().addKeyValue("requestId", RequestIds.of(rc)).addKeyValue("path", rc.request().path())
                    .setCause(rc.failure()).log("console request failed");
        }
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Error " + status);
        model.put("status", status);
        model.put("message", message);
        model.put("requestId", RequestIds.of(rc));
        model.put("user", rc.get(IDENTITY) == null ? null : identity(rc).username());
        model.put("csrf", rc.session() == null ? "" : ConsoleSession.csrfToken(rc));
        String html;
        try {
            html = templates.render("error", model);
        } catch (RuntimeException e) {
            LOG.atError().setCause(e).log("the console's error page failed");
            html = "<!doctype html><title>Error</title><p>Error " + status + "</p>";
        }
        html(rc, status, html);
    }

    static Identity identity(RoutingContext rc) {
        return rc.get(IDENTITY);
    }

    /** What every page's layout needs: its title, who is signed in, the CSRF token for its forms, a notice. */
    static Map<String, Object> model(RoutingContext rc, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        Identity who = identity(rc);
        model.put("user", who == null ? null : who.username());
        model.put("csrf", ConsoleSession.csrfToken(rc));
        Notice notice = ConsoleSession.takeNotice(rc);
        if (notice != null) {
            model.put("notice", notice);
        }
        return model;
    }

    static void html(RoutingContext rc, int status, String html) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(html);
    }

    static void redirect(RoutingContext rc, String location) {
        rc.response().setStatusCode(303).putHeader("Location", location).end();
    }
}
