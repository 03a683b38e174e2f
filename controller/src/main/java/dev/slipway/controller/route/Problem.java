package dev.slipway.controller.route;

/**
 * Something about a route that keeps it from being carried out exactly as written: a CamelCase
 * reason for the Ready condition and a sentence for the user.
 *
 * @param publish whether the objects are still written: true when they will work once the world
 *                catches up (a TLS Secret that is not there yet), false when writing them would
 *                serve something other than what the route asks (a canary on a backend without
 *                weights, plain HTTP that the route refuses)
 */
public record Problem(String reason, String message, boolean publish) {

    public static Problem blocking(String reason, String message) {
        return new Problem(reason, message, false);
    }

    public static Problem pending(String reason, String message) {
        return new Problem(reason, message, true);
    }
}
