package dev.slipway.cli;

/** A failure to show the user as one line, without a stack trace. */
public final class CliException extends RuntimeException {

    public CliException(String message) {
        super(message, null, false, false);
    }
}
