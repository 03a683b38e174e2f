package dev.slipway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Toxiproxy server on 127.0.0.1 (built by {@code hack/build-cluster-binaries.sh toxiproxy}), for
 * chaos runs: a TCP proxy between the controller and the kube-apiserver whose faults are switched on
 * and off while the controller runs, through Toxiproxy's REST API (of the version pinned in
 * hack/versions.env). Faults are toxics on one direction of a proxy's connections ({@code latency},
 * {@code timeout}, {@code reset_peer}), or the proxy taken down: a disabled proxy closes its
 * connections and refuses new ones. Closing this stops the server, and with it every proxy.
 */
final class Toxiproxy implements AutoCloseable {

    private final Process process;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    /** Starts {@code server} (toxiproxy-server) with its API on a free port, its output in {@code log}. */
    Toxiproxy(Path server, Path log) throws IOException, InterruptedException {
        int port = Bench.freePort();
        this.api = URI.create("http://127.0.0.1:" + port);
        this.process = new ProcessBuilder(server.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                call("GET", "/version", null);
                return;
            } catch (IOException notListening) {
                // Not yet.
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("toxiproxy-server did not answer on " + api + "; see " + log);
    }

    /**
     * Creates the enabled proxy {@code name} from 127.0.0.1:{@code listenPort} (0: a free port) to
     * {@code upstream} ("127.0.0.1:port"), and returns the address it listens on ("127.0.0.1:port").
     */
    String proxy(String name, int listenPort, String upstream) throws IOException, InterruptedException {
        String created = call("POST", "/proxies", Map.of("name", name, "listen", "127.0.0.1:" + listenPort,
                "upstream", upstream, "enabled", true));
        return json.readTree(created).path("listen").asText();
    }

    /**
     * Adds the toxic {@code name} of {@code type} to {@code proxy}'s {@code stream} ("upstream": client
     * to server, "downstream": server to client), applied to a share {@code toxicity} (0 to 1) of the
     * connections. Attributes are in milliseconds: {@code latency} {latency, jitter}, {@code timeout}
     * {timeout; 0 holds data until removed}, {@code reset_peer} {timeout before the reset}.
     */
    void addToxic(String proxy, String name, String type, String stream, double toxicity, Map<String, ?> attributes)
            throws IOException, InterruptedException {
        call("POST", "/proxies/" + proxy + "/toxics", Map.of("name", name, "type", type, "stream", stream,
                "toxicity", toxicity, "attributes", attributes));
    }

    void removeToxic(String proxy, String name) throws IOException, InterruptedException {
        call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
    }

    /**
     * Takes {@code proxy} down (its listener and open connections closed, new ones refused) or brings it
     * back on the same address; its toxics stay.
     */
    void enable(String proxy, boolean enabled) throws IOException, InterruptedException {
        call("PATCH", "/proxies/" + proxy, Map.of("enabled", enabled));
    }

    /** The response body of a call to the API, or an IllegalStateException with it if the call failed. */
    private String call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path))
                .header("Content-Type", "application/json").method(method, content)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Toxiproxy " + method + " " + path + ": " + response.statusCode() + " "
                    + response.body().strip());
        }
        return response.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
