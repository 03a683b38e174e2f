package dev.slipway.apiserver.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bytes on a socket, for requests no HTTP client would send: what comes back is read until the
 * server closes the connection or the read times out.
 */
final class RawHttp {

    /** A response as read off the wire; status 0 when nothing came. */
    record Response(int status, Map<String, String> headers, String body, boolean closed) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final Pattern STATUS_LINE = Pattern.compile("[^ \r\n/]+/\\S+ [0-9]{3} ");

    private RawHttp() {
    }

    /** Sends {@code request} on a new connection and reads until the server closes it (at most 5 s). */
    static Response exchange(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean closed = false;
        byte[] buffer = new byte[8192];
        try {
            for (int n; ; ) {
                n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Kept open: what came so far is the answer.
        } catch (IOException e) {
            closed = true;
        }
        return parse(bytes.toString(StandardCharsets.UTF_8), closed);
    }

    static Response parse(String text, boolean closed) {
        int headEnd = text.indexOf("\r\n\r\n");
        // The status line names the request's protocol, whatever it was (FOO/1.1 400 Bad Request).
        if (!STATUS_LINE.matcher(text).lookingAt() || headEnd < 0) {
            return new Response(0, Map.of(), text, closed);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] field = lines[i].split(":", 2);
            headers.put(field[0].strip().toLowerCase(Locale.ROOT), field.length > 1 ? field[1].strip() : "");
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(headEnd + 4), closed);
    }
}
