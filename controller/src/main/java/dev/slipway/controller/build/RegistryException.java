package dev.slipway.controller.build;

/**
 * A registry gave no usable answer about an image: it could not be reached, refused anonymous
 * access, or answered with an unexpected status. The message names the registry host, the
 * repository and the status, and is fit for a condition message or an Event.
 */
public final class RegistryException extends RuntimeException {

    RegistryException(String message) {
        super(message);
    }

    RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
