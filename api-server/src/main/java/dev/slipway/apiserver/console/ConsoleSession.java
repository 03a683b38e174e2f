package dev.slipway.apiserver.console;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the console keeps in a browser's server-side session: the Kubernetes token it signed in
 * with (never sent back to the browser), the CSRF token its forms carry, a message for the
 * next page (set by an action, shown once after its redirect), and whether Kubernetes stopped
 * accepting the token.
 */
final class ConsoleSession {

    private static final String TOKEN = "token";
    private static final String CSRF = "csrf";
    private static final String NOTICE = "notice";
    private static final String TOKEN_REFUSED = "token-refused";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleSession() {
    }

    static Session of(RoutingContext rc) {
        Session session = rc.session();
        if (session == null) {
            throw new IllegalStateException("the console's routes run after its session handler");
        }
        return session;
    }

    static String token(RoutingContext rc) {
        return of(rc).get(TOKEN);
    }

    /** Starts a signed-in session under a new id, so an id planted before sign-in is worth nothing. */
    static void signIn(RoutingContext rc, String token) {
        Session session = of(rc);
        session.regenerateId();
        session.put(TOKEN, token);
        session.put(CSRF, newCsrfToken());
        session.remove(TOKEN_REFUSED);
    }

    static void signOut(RoutingContext rc) {
        of(rc).destroy();
    }

    /**
     * Ends the sign-in because Kubernetes no longer accepts its token, but keeps the session, marked,
     * until the next sign-in: every page view until then (a tab's reload as much as the page script's
     * own redirect, whichever comes first) is told the session expired, not merely asked to sign in.
     */
    static void tokenRefused(RoutingContext rc) {
        Session session = of(rc);
        session.remove(TOKEN);
        session.put(TOKEN_REFUSED, Boolean.TRUE);
    }

    static boolean wasTokenRefused(RoutingContext rc) {
        return of(rc).get(TOKEN_REFUSED) != null;
    }

    /** The session's CSRF token, made on first use (the sign-in form needs one before any sign-in). */
    static String csrfToken(RoutingContext rc) {
        Session session = of(rc);
        String token = session.get(CSRF);
        if (token == null) {
            token = newCsrfToken();
            session.put(CSRF, token);
        }
        return token;
    }

    static boolean csrfMatches(RoutingContext rc, String presented) {
        String expected = of(rc).get(CSRF);
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    static void notice(RoutingContext rc, Notice notice) {
        of(rc).put(NOTICE, notice.kind() + "\n" + notice.text());
    }

    /** The message an action left for this page, once. */
    static Notice takeNotice(RoutingContext rc) {
        String stored = of(rc).remove(NOTICE);
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\n", 2);
        return new Notice(parts[0], parts.length > 1 ? parts[1] : "");
    }

    private static String newCsrfToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
