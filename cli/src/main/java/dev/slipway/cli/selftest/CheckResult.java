package dev.slipway.cli.selftest;

/** What one check of {@code slipway selftest} found: its capability, outcome, time and why. */
public record CheckResult(String capability, Outcome outcome, double seconds, String detail) {

    /** SKIP only when the check needs something the command was not given, and says what. */
    public enum Outcome { PASS, FAIL, SKIP }
}
