package dev.slipway.api.v1alpha1;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which migrations a rollback crosses, and what that asks of it: the API server refuses a request
 * with it and plans the down commands, and the controller refuses or undoes with it, so the two
 * cannot disagree about what "across" means.
 */
public final class Migrations {

    private Migrations() {
    }

    /** The hook step of a config that is a migration (at most one is), with its hook. */
    public static Optional<Map.Entry<StepName, Hook>> hook(ReleaseConfig config) {
        Hooks hooks = config == null ? new Hooks() : config.hooksOrDefault();
        Map<StepName, Hook> byStep = new LinkedHashMap<>();
        byStep.put(StepName.PRE_HOOK, hooks.getPre());
        byStep.put(StepName.MID_HOOK, hooks.getMid());
        byStep.put(StepName.POST_HOOK, hooks.getPost());
        return byStep.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().getMigration() != null)
                .findFirst();
    }

    /** Whether the migration of a release with this config ran: its hook's step Completed. */
    public static boolean ran(ReleaseConfig config, List<ReleaseStep> steps) {
        Optional<StepName> step = hook(config).map(Map.Entry::getKey);
        return step.isPresent() && steps != null && steps.stream()
                .anyMatch(s -> s.getName() == step.get() && s.getPhase() == StepPhase.Complete);
    }

    public static boolean reversible(ReleaseConfig config) {
        return hook(config).map(e -> Boolean.TRUE.equals(e.getValue().getMigration().getReversible())).orElse(false);
    }

    /** The command that undoes the migration of a release with this config; empty for none or an irreversible one. */
    public static List<String> down(ReleaseConfig config) {
        return hook(config).map(e -> e.getValue().getMigration().getDown()).filter(Objects::nonNull).orElse(List.of());
    }

    /**
     * The releases a rollback to {@code target} crosses, newest first: above the target up to the
     * serving (highest Complete) release, whose migration ran and was not undone since by a
     * migrate-down step (of an earlier rollback, or of the release's own automatic rollback).
     */
    public static List<Release> crossed(Collection<Release> releases, long target) {
        long serving = releases.stream().filter(r -> r.getStatus() != null && r.getStatus().getPhase() == ReleasePhase.Complete)
                .mapToLong(r -> r.getSpec().getRevision()).max().orElse(target);
        Set<Long> undone = releases.stream().flatMap(r -> steps(r).stream())
                .filter(s -> s.getName() == StepName.MIGRATE_DOWN && s.getPhase() == StepPhase.Complete)
                .map(ReleaseStep::getUndoes).filter(Objects::nonNull).collect(Collectors.toSet());
        return releases.stream()
                .filter(r -> r.getSpec().getRevision() > target && r.getSpec().getRevision() <= serving)
                .filter(r -> r.getSpec().getConfig() != null && ran(r.getSpec().getConfig(), steps(r)) && !undone.contains(r.getSpec().getRevision()))
                .sorted(Comparator.comparingLong((Release r) -> r.getSpec().getRevision()).reversed())
                .toList();
    }

    /** Of the crossed releases, those whose migration cannot be undone. */
    public static List<Release> irreversible(List<Release> crossed) {
        return crossed.stream().filter(r -> !reversible(r.getSpec().getConfig())).toList();
    }

    /** Of the crossed releases, those whose down command a rollback runs, in the order it runs them. */
    public static List<Release> reversibleOnly(List<Release> crossed) {
        return crossed.stream().filter(r -> reversible(r.getSpec().getConfig())).toList();
    }

    /** Why a rollback to {@code target} is refused, naming the releases in its way. */
    public static String refusal(long target, List<Release> blocking) {
        return "rolling back to revision " + target + " crosses the irreversible migration of "
                + names(blocking) + ", which ran: the older release would run against the migrated schema;"
                + " ask with force to roll back anyway";
    }

    public static String names(List<Release> releases) {
        return String.join(", ", releases.stream().map(r -> r.getMetadata().getName()).toList());
    }

    private static List<ReleaseStep> steps(Release release) {
        return release.getStatus() == null || release.getStatus().getSteps() == null ? List.of()
                : release.getStatus().getSteps();
    }
}
