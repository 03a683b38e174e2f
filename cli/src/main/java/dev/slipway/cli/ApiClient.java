package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The web API as the command line uses it: JSON calls, the event stream and log streams. Every
 * failure becomes a {@link CliException} with the server's message and request id.
 */
public final class ApiClient {

    /** One server-sent event. */
    public record Event(String id, String type, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@link #events} hands over for each heartbeat comment of the stream: no id, no data. */
    static final Event HEARTBEAT = new Event(null, "heartbeat", JSON.createObjectNode());

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    public ApiClient(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    public JsonNode get(String path) {
        return json(send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    public JsonNode post(String path, Map<String, Object> body) {
        try {
            return json(send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new CliException("cannot encode the request: " + e.getMessage());
        }
    }

    /** Posts a gzip-compressed tar (an uploaded folder) to {@code path} and returns the JSON answer. */
    public JsonNode upload(String path, Path archive) {
        HttpRequest.BodyPublisher body;
        try {
            // Sized from the file: the JDK sends it as Content-Length, a header it does not let callers set.
            body = HttpRequest.BodyPublishers.ofFile(archive);
        } catch (FileNotFoundException e) {
            throw new CliException("the archive " + archive + " does not exist");
        }
        return json(send(request(path).header("Content-Type", "application/gzip").POST(body).build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Copies a text stream (a build log) to {@code out} until it ends. */
    public void copyText(String path, PrintWriter out) {
        HttpResponse<InputStream> response = send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        checked(response);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.println(line);
                out.flush();
            }
        } catch (IOException e) {
            throw new CliException("the log stream broke: " + e.getMessage());
        }
    }

    /**
     * Reads the event stream at {@code path}, resuming after {@code lastEventId} when given, and
     * hands each event to {@code handler} until it returns false.
     */
    public void events(String path, String lastEventId, Predicate<Event> handler) {
        HttpRequest.Builder builder = request(path).GET();
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        checked(response);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Map<String, String> fields = new HashMap<>();
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith(":")) {
                    // The server's heartbeat: a handler waiting for something that may never come can give up.
                    if (!handler.test(HEARTBEAT)) {
                        return;
                    }
                    continue;
                }
                if (!line.isEmpty()) {
                    String[] field = line.split(": ?", 2);
                    fields.merge(field[0], field.length > 1 ? field[1] : "", (a, b) -> a + "\n" + b);
                    continue;
                }
                if (fields.containsKey("data")) {
                    Event event = new Event(fields.get("id"), fields.getOrDefault("event", "message"),
                            JSON.readTree(fields.get("data")));
                    if (!handler.test(event)) {
                        return;
                    }
                }
                fields.clear();
            }
            throw new CliException("the event stream ended before the outcome was known; the server may be restarting");
        } catch (IOException e) {
            throw new CliException("the event stream broke: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.resolve(path)).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (java.net.ConnectException e) {
            throw new CliException("cannot reach the API server at " + server + ": connection refused");
        } catch (IOException e) {
            throw new CliException("cannot reach the API server at " + server + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private static JsonNode json(HttpResponse<InputStream> response) {
        checked(response);
        try (InputStream in = response.body()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new CliException("the API server sent something that is not JSON");
        }
    }

    /** Turns an error response into its one-line message: what the server said, and its request id. */
    private static void checked(HttpResponse<InputStream> response) {
        if (response.statusCode() < 400) {
            return;
        }
        String message;
        try (InputStream in = response.body()) {
            JsonNode error = JSON.readTree(in).path("error");
            message = error.path("message").asText("HTTP " + response.statusCode());
            if (error.hasNonNull("requestId")) {
                message += " (request " + error.get("requestId").asText() + ")";
            }
        } catch (IOException e) {
            message = "HTTP " + response.statusCode();
        }
        throw new CliException(message);
    }
}
