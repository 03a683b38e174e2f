package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder {@code slipway build --from-dir} uploads: what .gitignore and .dockerignore leave out,
 * and a tar that keeps modes and links and gives the same bytes for the same content. Each test
 * reads the archive back as a tar.
 */
class SourceArchiveTest {

    @TempDir
    Path dir;

    private final List<SourceArchive> made = new ArrayList<>();

    @AfterEach
    void deleteArchives() throws IOException {
        for (SourceArchive archive : made) {
            Files.deleteIfExists(archive.file());
        }
    }

    @Test
    void aNestedGitignoreAppliesUnderItsOwnFolderAndTheRootOneEverywhere() throws IOException {
        // given
        write(".gitignore", "*.log\n/local.txt\n");
        write("sub/.gitignore", "tmp/\n/only-here.txt\n");
        write("app.log", "x");
        write("sub/deep/app.log", "x");
        write("local.txt", "x");
        write("sub/local.txt", "x");
        write("sub/tmp/scratch", "x");
        write("tmp/kept", "x");
        write("sub/only-here.txt", "x");
        write("sub/deep/only-here.txt", "x");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).containsOnlyKeys(".gitignore", "sub/", "sub/.gitignore", "sub/deep/", "sub/local.txt",
                "tmp/", "tmp/kept", "sub/deep/only-here.txt");
    }

    @Test
    void aNegationBringsBackAFileAndADeeperGitignoreOverridesAShallowerOne() throws IOException {
        // given
        write(".gitignore", "*.log\n!keep.log\n");
        write("sub/.gitignore", "!debug.log\n");
        write("keep.log", "x");
        write("other.log", "x");
        write("sub/debug.log", "x");
        write("sub/other.log", "x");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).containsKeys("keep.log", "sub/debug.log").doesNotContainKeys("other.log", "sub/other.log");
    }

    @Test
    void aDirectoryPatternLeavesOutFoldersOnlyAndNothingInsideThemComesBack() throws IOException {
        // given: as in git, a file cannot be re-included when its folder is ignored
        write(".gitignore", "out/\n!out/keep.txt\n");
        write("out/build.bin", "x");
        write("out/keep.txt", "x");
        write("src/out", "a file named like the folder");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).containsOnlyKeys(".gitignore", "src/", "src/out");
    }

    @Test
    void dockerignorePatternsAreRelativeToTheRootWithDoubleStarsAndExceptions() throws IOException {
        // given
        write(".dockerignore", """
                # comments and blank lines are skipped

                **/*.md
                !README.md
                docs
                !docs/keep.txt
                secret
                """);
        write("README.md", "x");
        write("CHANGES.md", "x");
        write("sub/README.md", "x");
        write("sub/notes.md", "x");
        write("docs/guide.txt", "x");
        write("docs/keep.txt", "x");
        write("secret", "x");
        write("sub/secret", "x");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then: docs/ itself stays out, as in Docker, though a file inside it comes back
        assertThat(entries).containsOnlyKeys(".dockerignore", "README.md", "sub/", "sub/secret", "docs/keep.txt");
    }

    @Test
    void dockerignoreCannotBringBackWhatGitignoreLeavesOut() throws IOException {
        // given
        write(".gitignore", "*.tmp\n");
        write(".dockerignore", "!cache.tmp\n");
        write("cache.tmp", "x");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).doesNotContainKey("cache.tmp");
    }

    @Test
    void theDockerfileAndDockerignoreAreSentEvenWhenDockerignoreNamesThem() throws IOException {
        // given: the usual way to keep them out of the image, which must not keep them from the builder
        write(".dockerignore", "Dockerfile\n.dockerignore\n");
        write("Dockerfile", "FROM scratch\n");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).containsOnlyKeys(".dockerignore", "Dockerfile");
    }

    @Test
    void gitFoldersAreLeftOutAtAnyDepthButNotNamesThatOnlyStartLikeThem() throws IOException {
        // given
        write(".git/HEAD", "ref: refs/heads/main\n");
        write(".git/objects/ab/cdef", "x");
        write("vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
        write(".github/workflows/ci.yml", "x");
        write(".gitignore", "");

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries).containsOnlyKeys(".gitignore", ".github/", ".github/workflows/", ".github/workflows/ci.yml",
                "vendor/", "vendor/lib/");
    }

    @Test
    void executableFilesKeepTheirExecutableBit() throws IOException {
        // given
        Files.setPosixFilePermissions(write("run.sh", "#!/bin/sh\n"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(write("notes.txt", "x"), PosixFilePermissions.fromString("rw-------"));

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries.get("run.sh").getMode() & 07777).isEqualTo(0755);
        assertThat(entries.get("notes.txt").getMode() & 07777).isEqualTo(0644);
    }

    @Test
    void symlinksStayLinksWithTheirTargetAsWritten() throws IOException {
        // given: a link to a folder is not followed, so its files are not archived twice
        write("config/app.yaml", "x");
        Files.createSymbolicLink(dir.resolve("current.yaml"), Path.of("config/app.yaml"));
        Files.createSymbolicLink(dir.resolve("settings"), Path.of("config"));

        // when
        Map<String, TarArchiveEntry> entries = entries(archive());

        // then
        assertThat(entries.get("current.yaml").isSymbolicLink()).isTrue();
        assertThat(entries.get("current.yaml").getLinkName()).isEqualTo("config/app.yaml");
        assertThat(entries.get("settings").isSymbolicLink()).isTrue();
        assertThat(entries.get("settings").getLinkName()).isEqualTo("config");
        assertThat(entries).containsOnlyKeys("config/", "config/app.yaml", "current.yaml", "settings");
    }

    @Test
    void entriesAreRelativeSortedWithFoldersAndAFixedTimeAndLongPathsSurvive() throws IOException {
        // given
        String longPath = "a-rather-long-folder-name-for-a-module/" + "nested-folder/".repeat(6) + "a-long-file-name.txt";
        write(longPath, "deep");
        write("b.txt", "b");
        write("a.txt", "a");
        Files.createDirectories(dir.resolve("empty"));

        // when
        SourceArchive archive = archive();
        Map<String, TarArchiveEntry> entries = entries(archive);

        // then
        assertThat(longPath).hasSizeGreaterThan(100);
        assertThat(List.copyOf(entries.keySet())).isSorted().contains("a.txt", "b.txt", "empty/", longPath)
                .allSatisfy(name -> assertThat(name).doesNotStartWith("/").doesNotStartWith("./"));
        assertThat(entries.get("empty/").isDirectory()).isTrue();
        assertThat(entries.values()).extracting(entry -> entry.getLastModifiedTime().toInstant())
                .containsOnly(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(content(archive, longPath)).isEqualTo("deep");
    }

    @Test
    void theRecordGivesTheFilesSizeDigestAndFileCount() throws IOException, NoSuchAlgorithmException {
        // given
        write("a.txt", "a");
        write("sub/b.txt", "b");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));

        // when
        SourceArchive archive = archive();

        // then
        byte[] bytes = Files.readAllBytes(archive.file());
        assertThat(archive.size()).isEqualTo(bytes.length);
        assertThat(archive.digest()).isEqualTo(
                "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(archive.fileCount()).isEqualTo(3);
    }

    @Test
    void theSameFolderTwiceGivesTheSameDigestWhateverTheFileTimes() throws IOException {
        // given
        write("a.txt", "a");
        write("sub/b.txt", "b");
        write("a".repeat(60) + "/" + "b".repeat(60) + ".txt", "long");
        SourceArchive first = archive();
        Files.setLastModifiedTime(dir.resolve("a.txt"), FileTime.from(Instant.parse("2021-05-01T12:00:00Z")));

        // when
        SourceArchive second = archive();

        // then
        assertThat(second.file()).isNotEqualTo(first.file());
        assertThat(second.digest()).isEqualTo(first.digest());
    }

    @Test
    void aChangedFileGivesADifferentDigest() throws IOException {
        // given
        write("a.txt", "a");
        SourceArchive before = archive();
        write("a.txt", "A");

        // when
        SourceArchive after = archive();

        // then
        assertThat(after.digest()).isNotEqualTo(before.digest());
    }

    @Test
    void aMissingFolderOrAFileIsRefusedByName() throws IOException {
        // given
        Path missing = dir.resolve("no-such-folder");
        Path file = write("file.txt", "x");

        // when, then
        assertThatThrownBy(() -> SourceArchive.create(missing)).isInstanceOf(CliException.class)
                .hasMessage("the folder " + missing + " does not exist");
        assertThatThrownBy(() -> SourceArchive.create(file)).isInstanceOf(CliException.class)
                .hasMessage(file + " is not a folder");
    }

    private Path write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private SourceArchive archive() {
        SourceArchive archive = SourceArchive.create(dir);
        made.add(archive);
        return archive;
    }

    /** The archive's entries by name, in the archive's order. */
    static Map<String, TarArchiveEntry> entries(SourceArchive archive) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private static String content(SourceArchive archive, String name) throws IOException {
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().equals(name)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(name + " is not in the archive");
    }

    private static TarArchiveInputStream open(SourceArchive archive) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(archive.file()));
        return new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
    }
}
