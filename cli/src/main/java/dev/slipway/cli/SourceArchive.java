package dev.slipway.cli;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A local folder as the gzip-compressed tar that {@code slipway build --from-dir} uploads, in a
 * temporary file that the caller deletes.
 *
 * <p>A build of the folder should see what a build of the pushed commit would: git leaves out what
 * the {@code .gitignore} files name, then the Docker build context leaves out what the root
 * {@code .dockerignore} names. Hence {@code .gitignore} wins: a {@code !} exception in
 * {@code .dockerignore} does not bring back a file that {@code .gitignore} leaves out, though Docker,
 * which never reads {@code .gitignore}, would send it. Only the {@code .gitignore} files inside the
 * folder count, not those above it, nor {@code .git/info/exclude} or the user's global excludes: the
 * same folder then gives the same archive on every machine. Empty folders are kept, as a Docker
 * context keeps them.
 *
 * <p>{@code .dockerignore} patterns go through git's matcher anchored at the root, which gives
 * Docker's meaning except where the two syntaxes themselves differ: character classes and backslash
 * escapes follow git's rules, and patterns are not cleaned as Docker's {@code filepath.Clean} does
 * ({@code ./a} and {@code a/../b} match nothing). Docker always sends the Dockerfile and
 * {@code .dockerignore} to its builder, which needs them even when {@code .dockerignore} names them
 * to keep them out of the image; here that holds for the root {@code Dockerfile} and
 * {@code .dockerignore} only, since which Dockerfile an App builds with is known to the server alone.
 *
 * <p>The same content gives the same bytes (sorted entries, fixed times and owners), so the digest
 * says whether the source changed since the last upload.
 *
 * @param file      the archive, a temporary file
 * @param size      its size in bytes
 * @param digest    {@code sha256:<hex>} of its bytes
 * @param fileCount the regular files and symbolic links in it
 */
public record SourceArchive(Path file, long size, String digest, int fileCount) {

    /**
     * Not the epoch: build tools that zip the source, such as Python's zipfile, refuse times before
     * 1980, and the epoch is 1969 west of Greenwich.
     */
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** Archives {@code folder} into a new temporary file. */
    public static SourceArchive create(Path folder) {
        if (!Files.exists(folder)) {
            throw new CliException("the folder " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new CliException(folder + " is not a folder");
        }
        Path archive = null;
        boolean written = false;
        try {
            List<Entry> entries = new ArrayList<>();
            walk(folder, "", GitIgnores.NONE, DockerIgnore.of(folder), entries);
            entries.sort(Comparator.comparing(Entry::name));
            archive = Files.createTempFile("slipway-upload-", ".tar.gz");
            String digest = write(entries, archive);
            written = true;
            return new SourceArchive(archive, Files.size(archive), digest,
                    (int) entries.stream().filter(entry -> entry.kind() != Kind.FOLDER).count());
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            String why = cause instanceof AccessDeniedException ? cause.getMessage() + ": permission denied"
                    : cause instanceof NoSuchFileException ? cause.getMessage() + ": removed while it was read"
                    : cause.getMessage();
            throw new CliException("cannot archive the folder " + folder + ": " + why);
        } finally {
            if (!written && archive != null) {
                try {
                    Files.deleteIfExists(archive);
                } catch (IOException ignored) {
                    // The failure being reported matters more than a leftover temporary file.
                }
            }
        }
    }

    private enum Kind { FOLDER, FILE, SYMLINK }

    private record Entry(String name, Path path, Kind kind, boolean executable, long size) {
    }

    /**
     * The {@code .gitignore} files that apply in a folder, the deepest first, each with the path of
     * its folder (ending in a slash, or empty at the root) since its patterns are relative to it.
     */
    private record GitIgnores(IgnoreNode node, String base, GitIgnores parent) {

        static final GitIgnores NONE = new GitIgnores(null, "", null);

        GitIgnores in(Path folder, String base) throws IOException {
            Path file = folder.resolve(".gitignore");
            if (!Files.isRegularFile(file)) {
                return this;
            }
            IgnoreNode node = new IgnoreNode();
            try (InputStream in = Files.newInputStream(file)) {
                node.parse(in);
            }
            return new GitIgnores(node, base, this);
        }

        /** Git's answer: the deepest file with a matching pattern decides, by its last matching one. */
        boolean ignores(String path, boolean folder) {
            for (GitIgnores at = this; at != NONE; at = at.parent()) {
                Boolean ignored = at.node().checkIgnored(path.substring(at.base().length()), folder);
                if (ignored != null) {
                    return ignored;
                }
            }
            return false;
        }
    }

    private record DockerIgnore(List<FastIgnoreRule> rules, boolean hasExceptions) {

        static DockerIgnore of(Path root) throws IOException {
            Path file = root.resolve(".dockerignore");
            List<FastIgnoreRule> rules = new ArrayList<>();
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String pattern = line.strip();
                    if (pattern.isEmpty() || pattern.startsWith("#")) {
                        continue;
                    }
                    boolean exception = pattern.startsWith("!");
                    pattern = pattern.substring(exception ? 1 : 0).strip().replaceAll("/+$", "");
                    if (pattern.isEmpty()) {
                        continue;
                    }
                    // Docker reads every pattern from the root; git only those with a leading slash.
                    FastIgnoreRule rule = new FastIgnoreRule((exception ? "!" : "") + (pattern.startsWith("/") ? "" : "/") + pattern);
                    if (!rule.isEmpty()) {
                        rules.add(rule);
                    }
                }
            }
            return new DockerIgnore(rules, rules.stream().anyMatch(FastIgnoreRule::getNegation));
        }

        /**
         * Docker's answer: the last pattern that matches the path or one of its parent folders
         * decides, so an exception can bring back a file inside an excluded folder.
         */
        boolean excludes(String path, boolean folder) {
            if (path.equals("Dockerfile") || path.equals(".dockerignore")) {
                return false;
            }
            for (int i = rules.size() - 1; i >= 0; i--) {
                FastIgnoreRule rule = rules.get(i);
                boolean matches = rule.isMatch(path, folder, true);
                for (int slash = path.indexOf('/'); !matches && slash > 0; slash = path.indexOf('/', slash + 1)) {
                    matches = rule.isMatch(path.substring(0, slash), true, true);
                }
                if (matches) {
                    return rule.getResult();
                }
            }
            return false;
        }
    }

    private static void walk(Path folder, String prefix, GitIgnores inherited, DockerIgnore docker, List<Entry> entries)
            throws IOException {
        GitIgnores git = inherited.in(folder, prefix);
        List<Path> children;
        try (Stream<Path> listed = Files.list(folder)) {
            children = listed.toList();
        }
        for (Path child : children) {
            String name = prefix + child.getFileName();
            // Git's own data, at the root or of a nested repository or submodule, is never source.
            if (child.getFileName().toString().equals(".git")) {
                continue;
            }
            BasicFileAttributes attributes = POSIX
                    ? Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean isFolder = attributes.isDirectory();
            // Git never looks inside a folder it ignores: nothing in it can come back.
            if (git.ignores(name, isFolder)) {
                continue;
            }
            boolean excluded = docker.excludes(name, isFolder);
            if (isFolder) {
                if (!excluded) {
                    entries.add(new Entry(name + "/", child, Kind.FOLDER, false, 0));
                }
                if (!excluded || docker.hasExceptions()) {
                    walk(child, name + "/", git, docker, entries);
                }
            } else if (!excluded && attributes.isSymbolicLink()) {
                entries.add(new Entry(name, child, Kind.SYMLINK, false, 0));
            } else if (!excluded && attributes.isRegularFile()) {
                boolean executable = attributes instanceof PosixFileAttributes posix
                        && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
                entries.add(new Entry(name, child, Kind.FILE, executable, attributes.size()));
            }
        }
    }

    /** Writes the entries as a gzip-compressed tar and returns the digest of the bytes written. */
    private static String write(List<Entry> entries, Path archive) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(archive)), sha256), 64 * 1024), StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Entry entry : entries) {
                TarArchiveEntry header = switch (entry.kind()) {
                    case FOLDER -> new TarArchiveEntry(entry.name());
                    case SYMLINK -> {
                        TarArchiveEntry link = new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK);
                        link.setMode(0120777);
                        link.setLinkName(Files.readSymbolicLink(entry.path()).toString());
                        yield link;
                    }
                    case FILE -> {
                        TarArchiveEntry file = new TarArchiveEntry(entry.name());
                        file.setMode(entry.executable() ? 0100755 : 0100644);
                        file.setSize(entry.size());
                        yield file;
                    }
                };
                header.setLastModifiedTime(MODIFIED);
                header.setIds(0, 0);
                header.setNames("", "");
                tar.putArchiveEntry(header);
                if (entry.kind() == Kind.FILE) {
                    Files.copy(entry.path(), tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
