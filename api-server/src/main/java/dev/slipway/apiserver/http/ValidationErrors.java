package dev.slipway.apiserver.http;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the contract validator's exceptions into 400s that name the field at fault. */
public final class ValidationErrors {

    private static final Pattern PARAMETER = Pattern.compile("(path|query|header|cookie) parameter (\\S+?)[ .]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    private ValidationErrors() {
    }

    public static ApiError toApiError(ValidatorException e) {
        if (e instanceof SchemaValidationException schema && schema.getOutputUnit() != null
                && !e.getMessage().contains(" parameter ")) {
            return bodyError(schema.getOutputUnit());
        }
        Matcher parameter = PARAMETER.matcher(e.getMessage() + " ");
        if (parameter.find()) {
            String name = parameter.group(2);
            String reason = e.getMessage().contains("Reason: ")
                    ? e.getMessage().substring(e.getMessage().indexOf("Reason: ") + 8)
                    : e.getMessage();
            return ApiError.badRequest(name, parameter.group(1) + " parameter " + name + ": " + reason);
        }
        if (e.getMessage().contains("body can't be decoded")) {
            return ApiError.badRequest("body", "the request body is not valid JSON");
        }
        if (e.getMessage().contains("required body")) {
            return ApiError.badRequest("body", "a JSON request body is required");
        }
        return ApiError.badRequest("body", e.getMessage());
    }

    /**
     * The most specific error of a body's schema validation: the property it is at, or the
     * property it names (a missing required one or an unknown one), and why.
     */
    static ApiError bodyError(OutputUnit result) {
        OutputUnit error = deepest(result);
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
        String reason = error.getError() == null ? "is invalid" : error.getError();
        String field = location.replaceFirst("^#?/?", "").replace('/', '.');
        Matcher quoted = QUOTED.matcher(reason);
        if (reason.contains("required property") && quoted.find()) {
            field = field.isEmpty() ? quoted.group(1) : field + "." + quoted.group(1);
            return ApiError.badRequest(field, field + " is required");
        }
        if (reason.contains("additional properties") && quoted.find()) {
            String name = quoted.group(1);
            return ApiError.badRequest(name, "unknown field " + name);
        }
        if (field.isEmpty()) {
            return ApiError.badRequest("body", "the request body " + reason);
        }
        return ApiError.badRequest(field, field + ": " + reason);
    }

    private static OutputUnit deepest(OutputUnit unit) {
        List<OutputUnit> errors = unit.getErrors();
        if (errors == null || errors.isEmpty()) {
            return unit;
        }
        // The validator lists the outermost failures first; the last names the exact spot.
        return deepest(errors.get(errors.size() - 1));
    }
}
