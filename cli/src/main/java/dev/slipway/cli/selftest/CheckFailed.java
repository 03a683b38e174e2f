package dev.slipway.cli.selftest;

/** A check's failure, with what was expected and what was seen: the FAIL line's reason. */
final class CheckFailed extends RuntimeException {

    CheckFailed(String message) {
        super(message, null, false, false);
    }
}
