package dev.slipway.builders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The check that makes a builder test fail, not skip, on a machine without the builder's toolchain. */
class ToolchainTest {

    @Test
    void findsWhatIsMissingFromPath() {
        assertThat(Toolchain.missing(List.of("sh", "slipway-no-such-command"))).containsExactly("slipway-no-such-command");
    }

    @Test
    void saysWhatToInstall() {
        assertThat(Toolchain.installHint("the ruby builder", List.of("ruby", "bundle")))
                .isEqualTo("the ruby builder needs ruby, bundle on PATH, which this machine lacks: install the"
                        + " Debian packages listed in builder-images/apt-packages.txt (.ci/run does)");
    }
}
