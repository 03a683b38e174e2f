package dev.slipway.cli.selftest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Plain HTTP for the self-test, which needs what the command line's API client hides: the status
 * of a refusal, a route reached through the ingress address with its host in the Host header
 * (allowed by {@code jdk.httpclient.allowRestrictedHeaders=host}, which {@code Slipway.main} sets).
 */
final class SelftestHttp {

    /** A response; a request that got none has status 0 and the reason as its body. */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new CheckFailed("HTTP " + status + " with a body that is not JSON: " + abbreviated());
            }
        }

        String abbreviated() {
            String line = body.strip().replace('\n', ' ');
            return line.length() > 160 ? line.substring(0, 160) + "..." : line;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingress;

    /** {@code ingress}: host:port where routes are reached, or null to reach them at their own URL. */
    SelftestHttp(String ingress) {
        this.ingress = ingress;
    }

    Response get(URI uri, String token) {
        return send(request(uri, token, Map.of()).GET());
    }

    Response post(URI uri, String token, Map<String, String> headers, String body) {
        return send(request(uri, token, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A POST of a gzip-compressed tar, as {@code slipway build --from-dir} sends a folder. */
    Response upload(URI uri, String token, Path archive) {
        try {
            return send(request(uri, token, Map.of("Content-Type", "application/gzip"))
                    .POST(HttpRequest.BodyPublishers.ofFile(archive)));
        } catch (FileNotFoundException e) {
            throw new CheckFailed("the archive " + archive + " is gone");
        }
    }

    /** A GET of a route's URL, through the ingress address when one was given. */
    Response route(URI url) {
        if (ingress == null) {
            return get(url, null);
        }
        URI through = URI.create("http://" + ingress + (url.getRawPath().isEmpty() ? "/" : url.getRawPath()));
        return send(request(through, null, Map.of("Host", url.getHost())).GET());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder request(URI uri, String token, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }
}
