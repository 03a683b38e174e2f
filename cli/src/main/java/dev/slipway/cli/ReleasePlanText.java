package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A release's plan (a dry run's answer) for a person: one line per part, only the parts it has. */
final class ReleasePlanText {

    private ReleasePlanText() {
    }

    static void print(JsonNode plan, PrintWriter out) {
        out.printf("%s (dry run, nothing was created): %s, %s%n", plan.path("release").asText(),
                plan.path("image").asText("no image"), plan.path("strategy").path("type").asText());
        out.printf("  reason:    %s%n", plan.path("reason").asText());
        JsonNode approval = plan.path("approval");
        out.printf("  approval:  %s%n", approval.path("required").asBoolean() ? "needed, from "
                + approval.path("by").asText() + ", within " + approval.path("expiresAfterSeconds").asInt()
                + " s (slipway approve)" : "not needed");
        List<String> steps = new ArrayList<>();
        for (JsonNode step : plan.path("steps")) {
            JsonNode hook = step.path("hook");
            steps.add(step.path("name").asText() + (step.has("undoes") ? " of " + step.path("undoes").asText() : "")
                    + (hook.isMissingNode() ? "" : " (" + words(hook.path("command")) + ", "
                    + hook.path("failurePolicy").asText()
                    + (hook.has("maxAttempts") ? ", at most " + hook.path("maxAttempts").asInt() + " attempts" : "") + ")"));
        }
        out.printf("  steps:     %s%n", String.join(" -> ", steps));
        JsonNode changes = plan.path("changes");
        if (!changes.isMissingNode()) {
            List<String> changed = new ArrayList<>();
            changes.fieldNames().forEachRemaining(field -> {
                JsonNode change = changes.get(field);
                switch (field) {
                    case "image" -> changed.add("image " + change.path("from").asText() + " -> " + change.path("to").asText());
                    case "env" -> change.forEach(e -> changed.add("env " + e.path("name").asText() + " "
                            + e.path("change").asText()));
                    case "replicas", "podsChange" -> { }
                    default -> changed.add(field + " changed");
                }
            });
            out.printf("  changes:   %s%s%n", changed.isEmpty() ? "none" : String.join("; ", changed),
                    " (from " + plan.path("serving").asText() + (changes.path("podsChange").asBoolean()
                            ? "; the pods are replaced)" : "; the pods stay as they are)"));
        }
        line(out, "waits:", plan.path("waitsFor"));
        line(out, "paused:", plan.path("triggersPaused"));
        if (plan.has("recreateWindowSeconds")) {
            out.printf("  no pods:   about %.1f s (the last Recreate release's scale-down to rollout)%n",
                    plan.path("recreateWindowSeconds").asDouble());
        }
        for (JsonNode problem : plan.path("problems")) {
            out.printf("  problem:   %s%n", problem.asText());
        }
        out.flush();
    }

    private static String words(JsonNode command) {
        List<String> words = new ArrayList<>();
        command.forEach(word -> words.add(word.asText()));
        return String.join(" ", words);
    }

    private static void line(PrintWriter out, String label, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            out.printf("  %-10s %s%n", label, value.asText());
        }
    }
}
