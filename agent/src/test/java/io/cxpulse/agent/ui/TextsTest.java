package io.cxpulse.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void chineseHasEveryEnglishKeyAndNoOther() {
        assertThat(Texts.of(Locale.SIMPLIFIED_CHINESE).keys())
                .containsExactlyInAnyOrderElementsOf(Texts.of(Locale.ENGLISH).keys());
    }

    @Test
    void anyChineseLocaleGetsSimplifiedChineseAndEveryOtherEnglish() {
        assertThat(Texts.of(Locale.forLanguageTag("zh-TW")).get("link.online")).isEqualTo("已连接");
        assertThat(Texts.of(Locale.CHINA).get("link.online")).isEqualTo("已连接");
        assertThat(Texts.of(Locale.GERMANY).get("link.online")).isEqualTo("Connected");
        assertThat(Texts.of(null).locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void theQuitConfirmationSaysCallsWillNotBeSurveyed() {
        assertThat(Texts.of(Locale.ENGLISH).get("quit.message")).contains("calls will not be surveyed");
        assertThat(Texts.of(Locale.CHINA).get("quit.message")).contains("不会进行调查");
    }

    @Test
    void anUnknownKeyIsAClearError() {
        assertThatThrownBy(() -> Texts.of(Locale.ENGLISH).get("no.such.key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no.such.key");
    }
}
