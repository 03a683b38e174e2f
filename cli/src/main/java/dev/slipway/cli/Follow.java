package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.Set;

/** Live displays of a release's steps and a build's phases, from the app's event stream. */
final class Follow {

    private static final Set<String> RELEASE_FINAL = Set.of("Complete", "Failed", "RolledBack", "Superseded", "Cancelled");
    private static final Set<String> BUILD_FINAL = Set.of("Complete", "Failed", "Cancelled");

    private Follow() {
    }

    /**
     * Prints each step of the release as it changes until the release ends; resumes the stream
     * right after the release's creation, so no step is missed.
     *
     * @return the release's final phase
     */
    static String release(ApiClient client, String appPath, JsonNode release, PrintWriter out) {
        String name = release.path("metadata").path("name").asText();
        String[] outcome = new String[1];
        client.events(appPath + "/events", release.path("metadata").path("resourceVersion").asText(null), event -> {
            JsonNode data = event.data();
            if (!name.equals(data.path("release").asText())) {
                return true;
            }
            String phase = data.path("phase").asText();
            if (event.type().equals("release-step")) {
                out.printf("  %-11s %-9s %s%n", data.path("step").asText(), phase, data.path("message").asText(""));
            } else if (event.type().equals("release")) {
                out.printf("%s %s%n", name, phase);
                if (RELEASE_FINAL.contains(phase)) {
                    outcome[0] = phase;
                }
            }
            out.flush();
            return outcome[0] == null;
        });
        return outcome[0];
    }

    /**
     * Prints each phase of the build until it ends, and its log once it runs.
     *
     * @return the build's final phase
     */
    static String build(ApiClient client, String namespace, String appPath, JsonNode build, PrintWriter out) {
        String name = build.path("metadata").path("name").asText();
        String[] outcome = new String[1];
        boolean[] logged = new boolean[1];
        client.events(appPath + "/events", build.path("metadata").path("resourceVersion").asText(null), event -> {
            JsonNode data = event.data();
            if (!event.type().equals("build") || !name.equals(data.path("build").asText())) {
                return true;
            }
            String phase = data.path("phase").asText();
            out.printf("%s %s%s%s%n", name, phase, data.hasNonNull("message") ? ": " + data.get("message").asText() : "",
                    phase.equals("Complete") && data.hasNonNull("image") ? ": " + data.get("image").asText()
                            + (data.hasNonNull("builder") ? " (builder " + data.get("builder").asText() + ")" : "") : "");
            out.flush();
            if (phase.equals("Running") && !logged[0]) {
                logged[0] = true;
                client.copyText("api/v1/namespaces/" + namespace + "/builds/" + name + "/log?follow=true", out);
            }
            if (BUILD_FINAL.contains(phase)) {
                outcome[0] = phase;
            }
            return outcome[0] == null;
        });
        return outcome[0];
    }
}
