package dev.slipway.api.v1alpha1;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The App's config as a release records it, the hash that tells a config change, and the steps a
 * release of a config takes: what the controller does with a release and what the API server
 * shows of one before it is made (a dry run) come from here, so the two cannot disagree.
 */
public final class ReleaseConfigs {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_TIMEOUT_SECONDS = 600;

    private ReleaseConfigs() {
    }

    /** A deep copy of what the App's next release would run besides its image. */
    public static ReleaseConfig snapshot(AppSpec spec) {
        ReleaseConfig config = new ReleaseConfig();
        config.setPort(spec.getPort() != null ? spec.getPort() : DEFAULT_PORT);
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
     */
    public static String hash(String image, ReleaseConfig config) {
        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("image", image);
        runs.put("port", config.getPort());
        runs.put("env", config.getEnv());
        runs.put("resources", config.getResources());
        runs.put("healthCheck", config.getHealthCheck());
        runs.put("podMetadata", config.getPodMetadata());
        return sha256(Serialization.asJson(runs)).substring(0, 16);
    }

    /** The steps a release with this config takes, in order. */
    public static List<StepName> steps(ReleaseConfig config) {
        Hooks hooks = config.getHooks() == null ? new Hooks() : config.getHooks();
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
        Strategy strategy = config.getStrategy();
        return strategy == null || strategy.getType() == null ? StrategyType.Rolling : strategy.getType();
    }

    public static int timeoutSeconds(ReleaseConfig config) {
        Strategy strategy = config.getStrategy();
        return strategy == null || strategy.getTimeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS
                : strategy.getTimeoutSeconds();
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
