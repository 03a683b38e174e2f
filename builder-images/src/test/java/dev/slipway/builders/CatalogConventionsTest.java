package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The s2i conventions each builder keeps (sclorg's): the four scripts, POSIX sh with set -eu, an
 * image that runs as a non-root UID in group 0, and every environment variable a script reads
 * documented in the builder's README.
 */
class CatalogConventionsTest {

    /** A variable a script reads, written as ${NAME...} (the scripts spell every input so). */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    static final List<String> BUILDERS = Catalog.BUILDERS;

    /** Every shell script of the catalog: the top-level detect and each builder's s2i/bin. */
    static List<Path> allScripts() {
        List<Path> scripts = new ArrayList<>(List.of(Catalog.topLevelDetect()));
        for (String builder : Catalog.BUILDERS) {
            try (Stream<Path> files = Files.list(Catalog.builder(builder).resolve("s2i/bin"))) {
                files.sorted().forEach(scripts::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scripts;
    }

    @ParameterizedTest
    @FieldSource("BUILDERS")
    void hasTheS2iScriptsAsExecutablePosixShellWithSetEu(String builder) throws IOException {
        for (String name : Catalog.S2I_SCRIPTS) {
            assertThat(Catalog.script(builder, name)).isExecutable();
        }
        for (Path script : scriptsOf(builder)) {
            List<String> lines = Files.readAllLines(script);
            assertThat(lines).as(script.toString()).first().isEqualTo("#!/bin/sh");
            assertThat(lines).as(script.toString()).contains("set -eu");
        }
    }

    @ParameterizedTest
    @FieldSource("BUILDERS")
    void imageRunsAsNonRootWithTheS2iLabels(String builder) throws IOException {
        String dockerfile = Files.readString(Catalog.builder(builder).resolve("Dockerfile"));

        assertThat(dockerfile)
                .containsPattern("(?m)^ARG BASE=\\S+:\\S+$")
                .containsPattern("(?m)^FROM \\$\\{BASE}$")
                .contains("io.openshift.s2i.scripts-url=\"image:///usr/libexec/s2i\"")
                .contains("io.k8s.description=")
                .contains("COPY s2i/bin/ /usr/libexec/s2i/")
                .contains("chmod -R g=u")
                .containsPattern("(?m)^USER 1001$")
                .containsPattern("(?m)^EXPOSE 8080$")
                .containsPattern("(?m)^CMD \\[\"/usr/libexec/s2i/usage\"]$");
    }

    @ParameterizedTest
    @FieldSource("BUILDERS")
    void readmeDocumentsEveryVariableTheScriptsRead(String builder) throws IOException {
        String readme = Files.readString(Catalog.builder(builder).resolve("README.md"));
        Set<String> read = new TreeSet<>();
        for (Path script : scriptsOf(builder)) {
            Matcher matcher = VARIABLE.matcher(Files.readString(script));
            while (matcher.find()) {
                read.add(matcher.group(1));
            }
        }

        assertThat(read).contains("S2I_SOURCE_DIR", "S2I_APP_DIR", "PORT", "BIND_ADDRESS");
        assertThat(read).allSatisfy(variable -> assertThat(readme).contains("`" + variable + "`"));
    }

    @ParameterizedTest
    @FieldSource("BUILDERS")
    void hasASampleApp(String builder) throws IOException {
        try (Stream<Path> files = Files.list(Catalog.sampleApp(builder))) {
            assertThat(files).isNotEmpty();
        }
    }

    private static List<Path> scriptsOf(String builder) {
        Path bin = Catalog.builder(builder).resolve("s2i/bin");
        return allScripts().stream().filter(script -> script.startsWith(bin)).toList();
    }
}
