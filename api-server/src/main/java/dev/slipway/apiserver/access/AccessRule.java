package dev.slipway.apiserver.access;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One permission an operation needs: a verb on a slipway.dev resource in the request's namespace,
 * optionally on the object the path names. Declared per operation in the contract as
 * {@code x-slipway-access}.
 *
 * @param resource  plural resource in group slipway.dev
 * @param verb      Kubernetes verb
 * @param nameParam the path parameter naming the object, or null for the whole collection
 */
public record AccessRule(String resource, String verb, String nameParam) {

    public static final String GROUP = "slipway.dev";
    public static final String EXTENSION = "x-slipway-access";

    /** The rules of every operation of the raw contract, by operationId. */
    public static Map<String, List<AccessRule>> byOperation(JsonObject rawContract) {
        Map<String, List<AccessRule>> rules = new HashMap<>();
        JsonObject paths = rawContract.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            // Only path items; an extension beside them may be any value.
            if (!(paths.getValue(path) instanceof JsonObject item)) {
                continue;
            }
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
                    rules.put(operation.getString("operationId"), of(operation));
                }
            }
        }
        return Map.copyOf(rules);
    }

    /** The rules of one operation of the raw contract; an operation without any needs none. */
    public static List<AccessRule> of(JsonObject rawOperation) {
        JsonArray declared = rawOperation.getJsonArray(EXTENSION, new JsonArray());
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < declared.size(); i++) {
            JsonObject rule = declared.getJsonObject(i);
            String resource = rule.getString("resource");
            String verb = rule.getString("verb");
            // A get on an app names it, so RBAC rules with resourceNames apply as they do for kubectl.
            String name = "apps".equals(resource) && "get".equals(verb) ? "app" : null;
            rules.add(new AccessRule(resource, verb, name));
        }
        return List.copyOf(rules);
    }
}
