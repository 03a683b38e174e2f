package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the API server makes of a stored object under the generated CRDs: the defaults of their
 * schemas filled in, as it does on every read, where a field is absent and its parent object is
 * there (a parent's own default first, then the defaults inside it).
 */
final class ApiServerDefaults {

    private static final Map<String, String> GENERATED = CrdManifests.generate();

    private ApiServerDefaults() {
    }

    static AppSpec served(AppSpec spec) {
        return served(spec, "apps.slipway.dev.yaml", AppSpec.class);
    }

    static RouteSpec served(RouteSpec spec) {
        return served(spec, "routes.slipway.dev.yaml", RouteSpec.class);
    }

    static ReleaseSpec served(ReleaseSpec spec) {
        return served(spec, "releases.slipway.dev.yaml", ReleaseSpec.class);
    }

    /** The spec schema of a generated CRD. */
    static JSONSchemaProps specSchema(String file) {
        CustomResourceDefinition crd = Serialization.unmarshal(GENERATED.get(file), CustomResourceDefinition.class);
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    /** The fields of a schema that have a default, as paths such as {@code routes[].tls.insecure}. */
    static Set<String> defaulted(JSONSchemaProps schema) {
        Set<String> paths = new TreeSet<>();
        collectDefaulted("", schema, paths);
        return paths;
    }

    private static void collectDefaulted(String path, JSONSchemaProps schema, Set<String> paths) {
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                String child = path.isEmpty() ? name : path + "." + name;
                if (property.getDefault() != null) {
                    paths.add(child);
                }
                collectDefaulted(child, property, paths);
            });
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collectDefaulted(path + "[]", schema.getItems().getSchema(), paths);
        }
    }

    private static <T> T served(T spec, String file, Class<T> type) {
        JsonNode tree = Serialization.unmarshal(Serialization.asJson(spec), JsonNode.class);
        fill(tree, specSchema(file));
        return Serialization.unmarshal(Serialization.asJson(tree), type);
    }

    private static void fill(JsonNode node, JSONSchemaProps schema) {
        if (node instanceof ObjectNode object && schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                if (!object.has(name) && property.getDefault() != null) {
                    object.set(name, property.getDefault().deepCopy());
                }
                if (object.has(name)) {
                    fill(object.get(name), property);
                }
            });
        } else if (node instanceof ArrayNode items && schema.getItems() != null && schema.getItems().getSchema() != null) {
            items.forEach(item -> fill(item, schema.getItems().getSchema()));
        }
    }
}
