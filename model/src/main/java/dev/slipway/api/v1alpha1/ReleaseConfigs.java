package dev.slipway.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The App's config as a release records it, the hash that tells a config change, and the steps a
 * release of a config takes: what the controller does with a release and what the API server
 * shows of one before it is made (a dry run) come from here, so the two cannot disagree.
 */
public final class ReleaseConfigs {

    private ReleaseConfigs() {
    }

    /** A deep copy of what the App's next release would run besides its image. */
    public static ReleaseConfig snapshot(AppSpec spec) {
        ReleaseConfig config = new ReleaseConfig();
        config.setPort(spec.portOrDefault());
        config.setEnv(spec.getEnv());
        config.setResources(spec.getResources());
        config.setHealthCheck(spec.getHealthCheck());
        config.setPodMetadata(spec.getPodMetadata());
        config.setStrategy(spec.getStrategy());
        config.setHooks(spec.getHooks());
        return copy(config);
    }

    public static ReleaseConfig copy(ReleaseConfig config) {
        return Serialization.unmarshal(Serialization.asJson(config), ReleaseConfig.class);
    }

    /**
     * Hash of what the pods run: the image, port, env, resources, probe and pod metadata. Strategy
     * and hooks are left out on purpose: changing how to roll out is not a reason to roll out.
     *
     * <p>Fields that hold their CRD default count as left out: the API server fills defaults in
     * whenever it reads an App, so an App stored without them reads back with them once the CRD
     * declares them, and its hash must stay the one its latest Release recorded, or upgrading
     * Slipway would release every App once.
     */
    public static String hash(String image, ReleaseConfig config) {
        JsonNode given = withoutDefaults(config, ReleaseConfig.class);
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("image", image);
        runs.put("port", config.portOrDefault());
        runs.put("env", given.get("env"));
        runs.put("resources", given.get("resources"));
        runs.put("healthCheck", given.get("healthCheck"));
        runs.put("podMetadata", given.get("podMetadata"));
        return sha256(Serialization.asJson(runs)).substring(0, 16);
    }

    /**
     * {@code value} as JSON, less every field of the model's types that holds its {@link Default}
     * (the types' field names are their JSON names).
     */
    static JsonNode withoutDefaults(Object value, Type type) {
        JsonNode tree = Serialization.unmarshal(Serialization.asJson(value), JsonNode.class);
        removeDefaults(tree, type);
        return tree;
    }

    private static void removeDefaults(JsonNode node, Type type) {
        if (node instanceof ArrayNode items && type instanceof ParameterizedType list
                && List.class.isAssignableFrom((Class<?>) list.getRawType())) {
            items.forEach(item -> removeDefaults(item, list.getActualTypeArguments()[0]));
        } else if (node instanceof ObjectNode object && type instanceof Class<?> modelType
                && modelType.getPackage() == ReleaseConfigs.class.getPackage()) {
            for (Field field : FIELDS.computeIfAbsent(modelType, ReleaseConfigs::fields)) {
                JsonNode child = object.get(field.getName());
                if (child == null) {
                    continue;
                }
                removeDefaults(child, field.getGenericType());
                if (child.equals(DEFAULTS.computeIfAbsent(field, ReleaseConfigs::declaredDefault))) {
                    object.remove(field.getName());
                }
            }
        }
    }

    /** The steps a release with this config takes, in order. */
    public static List<StepName> steps(ReleaseConfig config) {
        Hooks hooks = config.hooksOrDefault();
        List<StepName> steps = new ArrayList<>();
        if (hooks.getPre() != null) {
            steps.add(StepName.PRE_HOOK);
        }
        if (strategyType(config) == StrategyType.Recreate) {
            steps.add(StepName.SCALE_DOWN);
            if (hooks.getMid() != null) {
                steps.add(StepName.MID_HOOK);
            }
        }
        steps.add(StepName.ROLLOUT);
        if (hooks.getPost() != null) {
            steps.add(StepName.POST_HOOK);
        }
        return steps;
    }

    public static StrategyType strategyType(ReleaseConfig config) {
        return config.strategyOrDefault().typeOrDefault();
    }

    public static int timeoutSeconds(ReleaseConfig config) {
        return config.strategyOrDefault().timeoutSecondsOrDefault();
    }

    // The hash runs on every pass of every App: the model's fields and their parsed defaults are read once.
    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();
    private static final Map<Field, JsonNode> DEFAULTS = new ConcurrentHashMap<>();
    private static final JsonNode NO_DEFAULT = MissingNode.getInstance();

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            fields.addAll(List.of(c.getDeclaredFields()));
        }
        return fields;
    }

    /** The field's declared default as its JSON less nested defaults, or a node no value equals. */
    private static JsonNode declaredDefault(Field field) {
        Default declared = field.getAnnotation(Default.class);
        return declared == null ? NO_DEFAULT : withoutDefaults(Serialization.unmarshal(declared.value(), field.getType()),
                field.getGenericType());
    }

    /** Hash of what the App's next release would run, as {@link #hash} computes it. */
    public static String appHash(AppSpec spec) {
        return hash(spec.getImage(), snapshot(spec));
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
