package dev.slipway.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HookNamesTest {

    @Test
    void aJobIsNamedByItsReleaseHookAndAttempt() {
        assertThat(HookNames.job("shop-7", StepName.MID_HOOK, 1)).isEqualTo("shop-7-mid-1");
        assertThat(HookNames.job("shop-7", StepName.POST_HOOK, 3)).isEqualTo("shop-7-post-3");
    }

    @Test
    void hooksAndTheirStepsRoundTripAndNothingElseIsAHook() {
        for (String hook : new String[] {"pre", "mid", "post"}) {
            assertThat(HookNames.step(hook)).hasValueSatisfying(step -> assertThat(HookNames.hook(step)).isEqualTo(hook));
        }
        assertThat(HookNames.step("rollout")).isEmpty();
        assertThat(HookNames.step("pre-hook")).isEmpty();
        assertThat(HookNames.step(null)).isEmpty();
        assertThatThrownBy(() -> HookNames.hook(StepName.ROLLOUT)).isInstanceOf(IllegalArgumentException.class);
    }
}
