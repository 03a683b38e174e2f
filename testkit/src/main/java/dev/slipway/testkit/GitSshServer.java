package dev.slipway.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * The git repositories under a folder, served over SSH as a git host serves them to a deploy key:
 * public key authentication with one key, a host key of its own (so that a client must know it),
 * and only {@code git-upload-pack}, run as the real {@code git upload-pack} of this machine. No
 * sshd needs to be installed; Apache MINA SSHD speaks the protocol.
 */
public final class GitSshServer implements AutoCloseable {

    private static final String KEY_TYPE = "ecdsa-sha2-nistp256";

    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;

    private GitSshServer(Path root, String address, PublicKey authorized) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.hostKey = newKeyPair();
        server = SshServer.setUpDefaultServer();
        server.setHost(address);
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(this::command);
        server.start();
    }

    /** Serves every repository under {@code root} on {@code address} and a free port to {@code authorized}'s holder. */
    public static GitSshServer start(Path root, String address, KeyPair authorized) {
        try {
            return new GitSshServer(root, address, authorized.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve git over SSH on " + address, e);
        }
    }

    /** A new key pair of the kind the server and OpenSSH's client both take. */
    public static KeyPair newKeyPair() {
        try {
            return KeyUtils.generateKeyPair(KEY_TYPE, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make an " + KEY_TYPE + " key", e);
        }
    }

    /** The private key as OpenSSH writes it ({@code -----BEGIN OPENSSH PRIVATE KEY-----}), for a Secret's ssh-privatekey. */
    public static String openSshPrivateKey(KeyPair key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "slipway-tests", null, out);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the private key", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code ssh://git@ADDRESS:PORT/<repository>}. */
    public String url(String repository) {
        return "ssh://git@" + server.getHost() + ":" + server.getPort() + "/" + repository;
    }

    /** The line of a known_hosts file for this server, as {@code ssh-keyscan -p PORT ADDRESS} prints it. */
    public String knownHostsLine() {
        return "[" + server.getHost() + "]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Command command(ChannelSession channel, String line) {
        List<String> words = CommandFactory.split(line);
        if (words.size() != 2 || !words.get(0).equals("git-upload-pack")) {
            return new UploadPack(null, "only git-upload-pack is served, not: " + line);
        }
        Path repository = root.resolve(words.get(1).replaceFirst("^/+", "")).normalize();
        if (!repository.startsWith(root)) {
            return new UploadPack(null, "no such repository: " + words.get(1));
        }
        return new UploadPack(repository, null);
    }

    /** {@code git upload-pack} of one repository with the channel's streams, or a refusal when {@code refusal} is set. */
    private static final class UploadPack implements Command {

        private final Path repository;
        private final String refusal;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        UploadPack(Path repository, String refusal) {
            this.repository = repository;
            this.refusal = refusal;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            if (refusal != null) {
                err.write((refusal + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(128, refusal);
                return;
            }
            ProcessBuilder builder = new ProcessBuilder("git", "upload-pack", repository.toString());
            String protocol = env.getEnv().get("GIT_PROTOCOL");
            if (protocol != null) {
                builder.environment().put("GIT_PROTOCOL", protocol);
            }
            process = builder.start();
            Thread requests = pump(in, process.getOutputStream(), true);
            Thread errors = pump(process.getErrorStream(), err, false);
            daemon("git-ssh-out", () -> {
                try (InputStream answers = process.getInputStream()) {
                    copy(answers, out);
                    int code = process.waitFor();
                    errors.join();
                    requests.interrupt();
                    exit.onExit(code);
                } catch (IOException e) {
                    exit.onExit(1, e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        private static Thread pump(InputStream from, OutputStream to, boolean closeTarget) {
            return daemon("git-ssh-pump", () -> {
                try {
                    copy(from, to);
                } catch (IOException e) {
                    // The other side ended first: the exit callback reports what matters.
                } finally {
                    if (closeTarget) {
                        try {
                            to.close();
                        } catch (IOException ignored) {
                            // Already closed by the process's end.
                        }
                    }
                }
            });
        }

        /** Copies as it comes: the protocol is a dialogue, and the channel's stream holds what is not flushed. */
        private static void copy(InputStream from, OutputStream to) throws IOException {
            byte[] buffer = new byte[32 * 1024];
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        }

        private static Thread daemon(String name, Runnable task) {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }
    }
}
