package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every script of the catalog passes shellcheck as a POSIX sh script, at every severity. */
class ShellcheckTest {

    @Test
    void everyScriptPassesShellcheck() {
        assertThat(Toolchain.missing(List.of("shellcheck")))
                .as(() -> Toolchain.installHint("this test", List.of("shellcheck")))
                .isEmpty();
        List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=sh", "--severity=style"));
        command.addAll(CatalogConventionsTest.allScripts().stream().map(Object::toString).toList());

        Shell.Outcome outcome = new Shell(Catalog.logDir("shellcheck"))
                .run("shellcheck", Map.of(), Duration.ofSeconds(60), command.toArray(String[]::new));

        assertThat(outcome.exitCode()).as(outcome.report()).isZero();
    }
}
