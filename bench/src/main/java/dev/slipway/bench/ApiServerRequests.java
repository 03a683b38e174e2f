package dev.slipway.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The requests the kube-apiserver has answered, from its own count ({@code apiserver_request_total} in /metrics). */
final class ApiServerRequests {

    private static final Pattern REQUESTS = Pattern.compile(
            "^apiserver_request_total\\{([^}]*)} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

    private ApiServerRequests() {
    }

    /** Write requests, by "VERB group/resource/subresource". */
    static Map<String, Double> writes(KubernetesClient client) {
        return count(client, ApiServerRequests::request);
    }

    /** Write requests, by "VERB group/resource/subresource code": a conflict (409) is a write that did not happen. */
    static Map<String, Double> writesByCode(KubernetesClient client) {
        return count(client, labels -> request(labels) + " " + labels.get("code"));
    }

    /** The requests counted in {@code after} and not in {@code before}, by key; keys with none left out. */
    static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((key, value) -> {
            double added = value - before.getOrDefault(key, 0.0);
            if (added > 0) {
                delta.put(key, added);
            }
        });
        return delta;
    }

    private static String request(Map<String, String> labels) {
        return labels.get("verb") + " " + labels.getOrDefault("group", "") + "/" + labels.get("resource") + "/"
                + labels.getOrDefault("subresource", "");
    }

    private static Map<String, Double> count(KubernetesClient client, Function<Map<String, String>, String> key) {
        Map<String, Double> writes = new LinkedHashMap<>();
        Matcher line = REQUESTS.matcher(client.raw("/metrics"));
        while (line.find()) {
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(line.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            if (WRITES.contains(labels.get("verb"))) {
                writes.merge(key.apply(labels), Double.parseDouble(line.group(2)), Double::sum);
            }
        }
        return writes;
    }
}
