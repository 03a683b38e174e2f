package dev.slipway.controller.status;

/**
 * What a condition should say now; {@link Conditions#set(java.util.List, ConditionValue, Long, java.time.Instant)}
 * settles its transition time and generation against the condition as it was.
 */
public record ConditionValue(String type, boolean status, String reason, String message) {
}
