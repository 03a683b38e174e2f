package dev.slipway.apiserver.http;

import java.util.Map;

/**
 * A failure to report to the client: handlers {@code fail} a request with one, and
 * {@link ErrorRenderer} turns it into the JSON error body. The message is shown to the client, so
 * it must never carry a secret or a stack trace.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String field, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, "BadRequest", field, message, Map.of());
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "Unauthorized", null, message, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "Forbidden", null, message, Map.of());
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", null, message, Map.of());
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "Conflict", null, message, Map.of());
    }

    public static ApiError payloadTooLarge(long limit) {
        return new ApiError(413, "PayloadTooLarge", "body", "the request body exceeds " + limit + " bytes", Map.of());
    }

    public static ApiError unsupportedMediaType(String contentType) {
        return new ApiError(415, "UnsupportedMediaType", "Content-Type",
                "Content-Type must be application/json, not " + (contentType == null ? "missing" : "'" + contentType + "'"),
                Map.of());
    }

    public static ApiError unprocessable(String field, String message) {
        return new ApiError(422, "Unprocessable", field, message, Map.of());
    }

    public static ApiError tooManyRequests(long retryAfterSeconds) {
        return tooManyRequests(retryAfterSeconds, "too many requests; retry after " + retryAfterSeconds + " s");
    }

    /** A 429 whose message says which limit was reached. */
    public static ApiError tooManyRequests(long retryAfterSeconds, String message) {
        return new ApiError(429, "TooManyRequests", null, message,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "ServiceUnavailable", null, message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The request field at fault (a path, query or header parameter, or a body property), or null. */
    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
