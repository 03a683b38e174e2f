package dev.slipway.controller.status;

import dev.slipway.api.v1alpha1.Condition;
import dev.slipway.api.v1alpha1.ConditionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * metav1.Condition bookkeeping: setting a condition keeps its lastTransitionTime unless its status
 * flips, so a condition says since when it has been true, not when it was last written.
 */
public final class Conditions {

    private Conditions() {
    }

    /** A copy of {@code conditions} with {@code type} set; the others keep their order. */
    public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason,
            String message, Long generation, Instant now) {
        List<Condition> result = new ArrayList<>();
        boolean found = false;
        ConditionStatus wanted = status ? ConditionStatus.True : ConditionStatus.False;
        for (Condition existing : conditions == null ? List.<Condition>of() : conditions) {
            if (existing.getType().equals(type)) {
                found = true;
                result.add(condition(type, wanted, reason, message, generation,
                        existing.getStatus() == wanted ? existing.getLastTransitionTime() : Timestamps.format(now)));
            } else {
                result.add(existing);
            }
        }
        if (!found) {
            result.add(condition(type, wanted, reason, message, generation, Timestamps.format(now)));
        }
        return result;
    }

    /** As {@link #set(List, String, boolean, String, String, Long, Instant)}, for a condition given as a value. */
    public static List<Condition> set(List<Condition> conditions, ConditionValue value, Long generation, Instant now) {
        return set(conditions, value.type(), value.status(), value.reason(), value.message(), generation, now);
    }

    /**
     * The conditions of {@code now} that are new or whose status, reason or message differ from
     * {@code before}: what changed for a user, told once as an Event by {@code EventRecorder}.
     */
    public static List<Condition> changed(List<Condition> before, List<Condition> now) {
        return (now == null ? List.<Condition>of() : now).stream().filter(c -> find(before, c.getType())
                .map(b -> b.getStatus() != c.getStatus() || !Objects.equals(b.getReason(), c.getReason())
                        || !Objects.equals(b.getMessage(), c.getMessage()))
                .orElse(true)).toList();
    }

    /** A copy of {@code conditions} without {@code type}. */
    public static List<Condition> remove(List<Condition> conditions, String type) {
        return conditions == null ? List.of() : conditions.stream().filter(c -> !c.getType().equals(type)).toList();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> c.getStatus() == ConditionStatus.True).orElse(false);
    }

    private static Condition condition(String type, ConditionStatus status, String reason, String message,
            Long generation, String lastTransitionTime) {
        Condition condition = new Condition();
        condition.setType(type);
        condition.setStatus(status);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
        condition.setLastTransitionTime(lastTransitionTime);
        return condition;
    }
}
