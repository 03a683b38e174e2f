package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** Live displays of a release's steps and a build's phases, from the app's event stream. */
final class Follow {

    /** Four heartbeats of the server (15 s apart by default): the controller releases a build within seconds. */
    private static final int RELEASE_WAIT_HEARTBEATS = 4;

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
            if (name.equals(event.data().path("release").asText())) {
                outcome[0] = printed(event, name, out);
            }
            return outcome[0] == null;
        });
        return outcome[0];
    }

    /**
     * Prints each phase of the build until it ends, and its log once it runs. With
     * {@code thenItsRelease}, a build that completes is followed by the release it starts, until
     * that ends too; a release that has not started after {@value #RELEASE_WAIT_HEARTBEATS}
     * heartbeats of the stream is not waited for any longer.
     *
     * @return the build's final phase; with {@code thenItsRelease}, the release's once the build completed
     */
    static String build(ApiClient client, String namespace, String appPath, JsonNode build, boolean thenItsRelease,
                        PrintWriter out) {
        String name = build.path("metadata").path("name").asText();
        String[] outcome = new String[1];
        String[] release = new String[1];
        boolean[] logged = new boolean[1];
        int[] waited = new int[1];
        client.events(appPath + "/events", build.path("metadata").path("resourceVersion").asText(null), event -> {
            JsonNode data = event.data();
            if (event.type().equals("build") && name.equals(data.path("build").asText())) {
                String phase = data.path("phase").asText();
                out.printf("%s %s%s%s%n", name, phase, data.hasNonNull("message") ? ": " + data.get("message").asText() : "",
                        phase.equals("Complete") && data.hasNonNull("image") ? ": " + data.get("image").asText()
                                + (data.hasNonNull("builder") ? " (builder " + data.get("builder").asText() + ")" : "") : "");
                out.flush();
                if (phase.equals("Running") && !logged[0]) {
                    logged[0] = true;
                    client.copyText("api/v1/namespaces/" + namespace + "/builds/" + name + "/log?follow=true", out);
                }
                if (Phases.BUILD_FINAL.contains(phase)) {
                    outcome[0] = phase;
                    return thenItsRelease && phase.equals("Complete");
                }
            } else if (release[0] == null && name.equals(data.path("build").asText())) {
                release[0] = data.path("release").asText();
                out.printf("%s started by %s%n", release[0], name);
            }
            if (release[0] != null && release[0].equals(data.path("release").asText())) {
                String phase = printed(event, release[0], out);
                if (phase != null) {
                    outcome[0] = phase;
                    return false;
                }
            } else if (event == ApiClient.HEARTBEAT && "Complete".equals(outcome[0]) && ++waited[0] >= RELEASE_WAIT_HEARTBEATS) {
                out.printf("No release started from %s yet; slipway history shows when one does%n", name);
                out.flush();
                return false;
            }
            return true;
        });
        return outcome[0];
    }

    /** Prints a release or release-step event of release {@code name}; returns the release's phase once final. */
    private static String printed(ApiClient.Event event, String name, PrintWriter out) {
        JsonNode data = event.data();
        String phase = data.path("phase").asText();
        String outcome = null;
        if (event.type().equals("release-step")) {
            out.printf("  %-11s %-9s %s%n", data.path("step").asText(), phase, data.path("message").asText(""));
        } else if (event.type().equals("release")) {
            out.printf("%s %s%s%n", name, phase, Phases.AWAITING_APPROVAL.equals(phase)
                    ? ": it runs once someone other than its requester approves it (slipway approve)" : "");
            outcome = Phases.RELEASE_FINAL.contains(phase) ? phase : null;
        }
        out.flush();
        return outcome;
    }
}
