package dev.slipway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Every byte of an image in a plain HTTP registry: its config and its layers, uncompressed, as read
 * from the registry's API. What tests search for what must not be in an image (a secret, a key).
 */
public final class ImageLayers {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json";

    private ImageLayers() {
    }

    /**
     * The config and the uncompressed layers of {@code repository@digest} at {@code registry}
     * ({@code host:port}, spoken to over plain HTTP), in the manifest's order.
     */
    public static List<byte[]> read(String registry, String repository, String digest) {
        String base = "http://" + registry + "/v2/" + repository;
        try {
            JsonNode manifest = JSON.readTree(get(base + "/manifests/" + digest, ACCEPT));
            List<byte[]> contents = new ArrayList<>();
            contents.add(get(base + "/blobs/" + manifest.path("config").path("digest").asText(), "*/*"));
            for (JsonNode layer : manifest.path("layers")) {
                byte[] blob = get(base + "/blobs/" + layer.path("digest").asText(), "*/*");
                contents.add(layer.path("mediaType").asText().endsWith("gzip") ? gunzip(blob) : blob);
            }
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + repository + "@" + digest + " from " + registry, e);
        }
    }

    /** Whether any part of the image holds {@code text} (UTF-8). */
    public static boolean contain(List<byte[]> contents, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        return contents.stream().anyMatch(content -> indexOf(content, needle) >= 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] gunzip(byte[] blob) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
            return in.readAllBytes();
        }
    }

    private static byte[] get(String url, String accept) throws IOException {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + url + ": " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
