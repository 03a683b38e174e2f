package dev.slipway.api.v1alpha1;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Builds made by Slipway are named and where they push: the controller (an App's first build)
 * and the web API (build requests, push webhooks) make Builds of the same App and must agree.
 */
public final class BuildNames {

    private BuildNames() {
    }

    /** {@code shop-build-12}: build 12 of App {@code shop}. */
    public static String name(String app, long number) {
        return app + "-build-" + number;
    }

    /** {@code 12} for {@code shop-build-12} of App {@code shop}; 0 for any other name. */
    public static long number(String app, String buildName) {
        if (app == null || buildName == null) {
            return 0;
        }
        Matcher m = Pattern.compile(Pattern.quote(app) + "-build-(\\d{1,15})").matcher(buildName);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    /** {@code <registry>/<namespace>/<app>}: the image repository an App's builds push to. */
    public static String outputImage(String registry, String namespace, String app) {
        return registry + "/" + namespace + "/" + app;
    }
}
