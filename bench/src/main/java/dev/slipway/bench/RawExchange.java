package dev.slipway.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One request as raw bytes on a connection of its own, for what no HTTP client sends: the answer
 * is read until it is whole (its Content-Length, or just its head for a stream or a HEAD), the
 * server closes the connection, or the wait is over.
 */
final class RawExchange {

    /** What came back; status 0 when no whole response head came. */
    record Answer(int status, Map<String, String> headers, String body) {

        static final Answer NONE = new Answer(0, Map.of(), "");

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("[^ \r\n/]+/\\S+ [0-9]{3} ");

    private RawExchange() {
    }

    static Answer send(int port, byte[] request, boolean headOnly, Duration wait) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException refusedEarly) {
                // The server may answer and close before all was written (an oversized head): read what it said.
            }
            return read(socket.getInputStream(), headOnly, System.nanoTime() + wait.toNanos());
        } catch (IOException e) {
            return Answer.NONE;
        }
    }

    private static Answer read(InputStream in, boolean headOnly, long deadline) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            bytes.write(buffer, 0, n);
            Answer answer = parse(bytes.toByteArray(), headOnly);
            if (answer != null) {
                return answer;
            }
        }
        Answer partial = parse(bytes.toByteArray(), true);
        return partial == null ? Answer.NONE : partial;
    }

    /** The answer once it is whole, else null. */
    private static Answer parse(byte[] bytes, boolean headOnly) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int from = 0;
        // Interim answers (100 Continue) come before the one that counts.
        while (text.startsWith("HTTP/1.1 1", from) && !text.startsWith("HTTP/1.1 101", from)
                && text.indexOf("\r\n\r\n", from) >= 0) {
            from = text.indexOf("\r\n\r\n", from) + 4;
        }
        int headEnd = text.indexOf("\r\n\r\n", from);
        // The status line names the request's protocol, whatever it was (FOO/1.1 400 Bad Request).
        if (headEnd < 0 || !STATUS_LINE.matcher(text).region(from, text.length()).lookingAt()) {
            return null;
        }
        String[] lines = text.substring(from, headEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] field = lines[i].split(":", 2);
            headers.put(field[0].strip().toLowerCase(Locale.ROOT), field.length > 1 ? field[1].strip() : "");
        }
        int status = Integer.parseInt(statusLine[1]);
        String length = headers.get("content-length");
        int bodyStart = headEnd + 4;
        if (headOnly || length == null) {
            // A stream (event stream, log) or a HEAD: its head is what is being checked.
            return new Answer(status, headers, "");
        }
        int expected = Integer.parseInt(length);
        if (bytes.length - bodyStart < expected) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(bytes, bodyStart, bodyStart + expected);
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = unzipped.readAllBytes();
            } catch (IOException e) {
                return new Answer(status, headers, "(not gzip: " + e.getMessage() + ")");
            }
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
