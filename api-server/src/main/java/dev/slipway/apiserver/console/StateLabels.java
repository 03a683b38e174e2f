package dev.slipway.apiserver.console;

/**
 * How a state reads on a page: a word and a symbol beside the colour, so colour is never the only
 * sign of it, and a CSS class for the colour.
 */
public record StateLabels(String text, String symbol, String css) {

    static StateLabels of(String state) {
        String s = state == null ? "Pending" : state;
        return switch (s) {
            case "Complete", "Ready", "True" -> new StateLabels(s, "✓", "ok");
            case "Failed", "RolledBack", "Rejected", "Error", "False" -> new StateLabels(s, "✗", "bad");
            case "Running", "Deploying", "Building", "New" -> new StateLabels(s, "●", "busy");
            case "Skipped", "Superseded", "Expired", "Cancelled", "Unknown" -> new StateLabels(s, "–", "quiet");
            default -> new StateLabels(s, "○", "waiting");
        };
    }

    /**
     * A condition's status, coloured by what it means for the user: Ready True is good, Degraded
     * or Stalled True is bad, and a condition that only reports activity (Progressing) is neither.
     */
    static StateLabels ofCondition(String type, String status) {
        boolean isTrue = "True".equals(status);
        boolean known = isTrue || "False".equals(status);
        if (!known) {
            return new StateLabels(status == null ? "Unknown" : status, "–", "quiet");
        }
        return switch (type == null ? "" : type) {
            case "Ready", "Available", "Succeeded", "Admitted" -> of(status);
            case "Degraded", "Stalled", "Failed" -> new StateLabels(status, isTrue ? "✗" : "✓", isTrue ? "bad" : "ok");
            default -> new StateLabels(status, isTrue ? "●" : "○", "quiet");
        };
    }
}
