package dev.slipway.apiserver.requests;

import dev.slipway.api.v1alpha1.App;
import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import dev.slipway.api.v1alpha1.EnvVar;
import dev.slipway.api.v1alpha1.Hook;
import dev.slipway.api.v1alpha1.Hooks;
import dev.slipway.api.v1alpha1.Migrations;
import dev.slipway.api.v1alpha1.KeyRef;
import dev.slipway.api.v1alpha1.Release;
import dev.slipway.api.v1alpha1.ReleaseApprovals;
import dev.slipway.api.v1alpha1.ReleaseConfig;
import dev.slipway.api.v1alpha1.ReleaseConfigs;
import dev.slipway.api.v1alpha1.ReleaseContents;
import dev.slipway.api.v1alpha1.ReleasePhase;
import dev.slipway.api.v1alpha1.ReleaseStep;
import dev.slipway.api.v1alpha1.StepName;
import dev.slipway.api.v1alpha1.StrategyType;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a release request would do, worked out without doing it (a dry run): the revision, the image
 * and config the controller would fill in (the same {@link ReleaseConfigs} it uses), the steps with
 * their hooks, what changes against the serving release, and what would hold it back or fail it at
 * once, and whether it would wait for approval. Secret values never appear: an env entry only says
 * that it changes. Pure: the handler looks up the App, its releases and the Secrets named.
 */
public final class ReleasePlan {

    /** What a container image reference looks like; the kubelet is the judge, this catches typing errors. */
    private static final Pattern IMAGE = Pattern.compile(
            "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\\w][\\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<StepName> WITHOUT_PODS = EnumSet.of(StepName.SCALE_DOWN, StepName.MID_HOOK, StepName.ROLLOUT);

    private ReleasePlan() {
    }

    /**
     * @param requested the Release the request would create (its spec's image may be null)
     * @param rollbackTarget for a rollback, the release it restores; else null
     * @param secretKeys the keys of a Secret of the App's namespace by name; empty when there is none
     */
    public static Map<String, Object> of(App app, Collection<Release> releases, Release requested,
                                         Release rollbackTarget, Function<String, Optional<Set<String>>> secretKeys) {
        Optional<Release> serving = ReleaseContents.serving(releases);
        ReleaseContents contents = ReleaseContents.of(requested.getSpec(), app, releases);
        String image = contents.image();
        ReleaseConfig config = contents.config();
        List<String> problems = new ArrayList<>();
        if (contents.rollbackTargetMissing()) {
            // As the controller refuses it: the revision was asked for but never ran.
            problems.add("toRevision: revision " + contents.rollbackOf()
                    + " never ran, so it has no image and config to restore");
            config = config != null ? config : ReleaseConfigs.snapshot(app.getSpec());
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("dryRun", true);
        plan.put("release", requested.getMetadata().getName());
        plan.put("revision", requested.getSpec().getRevision());
        plan.put("reason", requested.getSpec().getReason());
        plan.put("image", image);
        plan.put("strategy", Map.of("type", ReleaseConfigs.strategyType(config).name(),
                "timeoutSeconds", ReleaseConfigs.timeoutSeconds(config)));
        List<Map<String, Object>> steps = new ArrayList<>();
        if (rollbackTarget != null) {
            List<Release> crossed = Migrations.crossed(releases, rollbackTarget.getSpec().getRevision());
            Migrations.reversibleOnly(crossed).forEach(r -> steps.add(Map.of("name", StepName.MIGRATE_DOWN.value(),
                    "undoes", r.getMetadata().getName(), "hook", Map.of("command", Migrations.down(r.getSpec().getConfig()),
                            "failurePolicy", "Abort"))));
            plan.put("migrations", migrations(crossed, requested));
            ReleaseRequests.rollbackRefusal(releases, rollbackTarget.getSpec().getRevision(),
                    Boolean.TRUE.equals(requested.getSpec().getForce())).ifPresent(problems::add);
        }
        steps.addAll(steps(config));
        plan.put("steps", steps);
        ReleaseConfig runs = config;
        plan.put("changes", serving.map(s -> changes(s, image, runs, app)).orElse(null));
        plan.put("serving", serving.map(s -> s.getMetadata().getName()).orElse(null));
        plan.put("approval", approval(requested));
        releases.stream().filter(r -> !phase(r).isFinal())
                .max(Comparator.comparingLong(r -> r.getSpec().getRevision()))
                .ifPresent(inFlight -> plan.put("waitsFor", inFlight.getMetadata().getName()
                        + " is " + phase(inFlight) + ": this release would wait for it, or supersede it if it has not started"));
        plan.put("triggersPaused", condition(app, "TriggersPaused").filter(c -> c.getStatus() == ConditionStatus.True)
                .map(Condition::getMessage).orElse(null));
        if (ReleaseConfigs.strategyType(config) == StrategyType.Recreate) {
            plan.put("recreateWindowSeconds", recreateWindow(releases).orElse(null));
        }
        problems.addAll(problems(image, config, secretKeys));
        plan.put("problems", problems);
        plan.values().removeIf(Objects::isNull);
        return plan;
    }

    /** The migrations a rollback crosses: the down commands it would run, the irreversible ones in its way. */
    private static Map<String, Object> migrations(List<Release> crossed, Release requested) {
        Map<String, Object> migrations = new LinkedHashMap<>();
        migrations.put("undoes", Migrations.reversibleOnly(crossed).stream().map(r -> r.getMetadata().getName()).toList());
        migrations.put("blockedBy", Migrations.irreversible(crossed).stream().map(r -> r.getMetadata().getName()).toList());
        migrations.put("force", Boolean.TRUE.equals(requested.getSpec().getForce()));
        return migrations;
    }

    /** Whether the release would wait for approval, and if so by whom and for how long. */
    private static Map<String, Object> approval(Release requested) {
        if (!ReleaseApprovals.requires(requested)) {
            return Map.of("required", false);
        }
        return Map.of("required", true, "by", ReleaseApprovals.approver(requested),
                "expiresAfterSeconds", ReleaseApprovals.expiresAfter(requested));
    }

    private static List<Map<String, Object>> steps(ReleaseConfig config) {
        Hooks hooks = config.hooksOrDefault();
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepName name : ReleaseConfigs.steps(config)) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", name.value());
            Hook hook = switch (name) {
                case PRE_HOOK -> hooks.getPre();
                case MID_HOOK -> hooks.getMid();
                case POST_HOOK -> hooks.getPost();
                case MIGRATE_DOWN, SCALE_DOWN, ROLLOUT -> null;
            };
            if (hook != null) {
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("command", hook.getCommand());
                described.put("failurePolicy", hook.failurePolicyOrDefault().name());
                described.put("maxAttempts", hook.getMaxAttempts());
                described.values().removeIf(Objects::isNull);
                step.put("hook", described);
            }
            steps.add(step);
        }
        return steps;
    }

    /** What the pods would run differently from the serving release: only what changes. */
    private static Map<String, Object> changes(Release serving, String image, ReleaseConfig config, App app) {
        ReleaseConfig before = serving.getSpec().getConfig() == null ? new ReleaseConfig() : serving.getSpec().getConfig();
        Map<String, Object> changes = new LinkedHashMap<>();
        changed(changes, "image", serving.getSpec().getImage(), image);
        changed(changes, "port", before.getPort(), config.getPort());
        List<Map<String, String>> env = envChanges(before.getEnv(), config.getEnv());
        if (!env.isEmpty()) {
            changes.put("env", env);
        }
        changed(changes, "resources", before.getResources(), config.getResources());
        changed(changes, "healthCheck", before.getHealthCheck(), config.getHealthCheck());
        changed(changes, "podMetadata", before.getPodMetadata(), config.getPodMetadata());
        changed(changes, "strategy", before.getStrategy(), config.getStrategy());
        changed(changes, "hooks", before.getHooks(), config.getHooks());
        changes.put("replicas", app.getSpec().replicasOrDefault());
        changes.put("podsChange", !ReleaseConfigs.hash(serving.getSpec().getImage(), before)
                .equals(ReleaseConfigs.hash(image, config)));
        return changes;
    }

    private static void changed(Map<String, Object> changes, String field, Object before, Object after) {
        if (!same(before, after)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from", before);
            change.put("to", after);
            changes.put(field, change);
        }
    }

    /** Each env name added, removed or changed; never a value, since a plain one may be a secret too. */
    private static List<Map<String, String>> envChanges(List<EnvVar> before, List<EnvVar> after) {
        Map<String, EnvVar> old = byName(before);
        Map<String, EnvVar> now = byName(after);
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<Map<String, String>> changes = new ArrayList<>();
        for (String name : names) {
            EnvVar was = old.get(name);
            EnvVar is = now.get(name);
            String change = was == null ? "added" : is == null ? "removed"
                    : Objects.equals(was.getValue(), is.getValue()) && same(was.getValueFrom(), is.getValueFrom())
                    ? null : "changed";
            if (change != null) {
                changes.add(Map.of("name", name, "change", change));
            }
        }
        return changes;
    }

    private static Map<String, EnvVar> byName(List<EnvVar> env) {
        Map<String, EnvVar> byName = new LinkedHashMap<>();
        for (EnvVar var : env == null ? List.<EnvVar>of() : env) {
            byName.put(var.getName(), var);
        }
        return byName;
    }

    /**
     * Seconds with no pod serving in the latest release that went through Recreate's steps: its
     * scale-down, mid-hook and rollout, start to finish, as measured.
     */
    private static Optional<Double> recreateWindow(Collection<Release> releases) {
        return releases.stream().filter(r -> phase(r) == ReleasePhase.Complete && r.getStatus().getSteps() != null
                        && r.getStatus().getSteps().stream().anyMatch(s -> s.getName() == StepName.SCALE_DOWN))
                .max(Comparator.comparingLong(r -> r.getSpec().getRevision()))
                .map(r -> r.getStatus().getSteps().stream().filter(s -> WITHOUT_PODS.contains(s.getName()))
                        .mapToDouble(ReleasePlan::seconds).sum());
    }

    private static double seconds(ReleaseStep step) {
        if (step.getStartedAt() == null || step.getFinishedAt() == null) {
            return 0;
        }
        return Duration.between(Instant.parse(step.getStartedAt()), Instant.parse(step.getFinishedAt())).toMillis() / 1000.0;
    }

    /** What would fail the release at once: no image, one that does not parse, a Secret or key missing. */
    private static List<String> problems(String image, ReleaseConfig config,
                                         Function<String, Optional<Set<String>>> secretKeys) {
        List<String> problems = new ArrayList<>();
        if (image == null) {
            problems.add("image: the App has no image yet (no build has completed); name one with image");
        } else if (!IMAGE.matcher(image).matches()) {
            problems.add("image: \"" + image + "\" is not an image reference");
        }
        for (EnvVar var : config.getEnv() == null ? List.<EnvVar>of() : config.getEnv()) {
            KeyRef ref = var.getValueFrom() == null ? null : var.getValueFrom().getSecretKeyRef();
            if (ref == null || ref.optionalOrDefault()) {
                continue;
            }
            Optional<Set<String>> keys = secretKeys.apply(ref.getName());
            if (keys.isEmpty()) {
                problems.add("env " + var.getName() + ": Secret " + ref.getName() + " does not exist");
            } else if (!keys.get().contains(ref.getKey())) {
                problems.add("env " + var.getName() + ": Secret " + ref.getName() + " has no key " + ref.getKey());
            }
        }
        return problems;
    }

    /** The resource types have no equals: two values are the same when their JSON is. */
    private static boolean same(Object a, Object b) {
        return JSON.valueToTree(a).equals(JSON.valueToTree(b));
    }

    private static ReleasePhase phase(Release release) {
        return release.getStatus() == null || release.getStatus().getPhase() == null ? ReleasePhase.Pending
                : release.getStatus().getPhase();
    }

    private static Optional<Condition> condition(App app, String type) {
        return app.getStatus() == null || app.getStatus().getConditions() == null ? Optional.empty()
                : app.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
