package io.cxpulse.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void lineBreaksCannotStartALine() {
        String forged = "mallory\n12:00:00.000 INFO  i.c.s.a.ApiRoutes - User admin (admin) logged in";
        assertThat(LogText.escape(forged))
                .doesNotContain("\n")
                .isEqualTo("mallory\\n12:00:00.000 INFO  i.c.s.a.ApiRoutes - User admin (admin) logged in");
        assertThat(LogText.escape("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
    }

    @Test
    void otherControlAndDirectionCharactersAreEscaped() {
        assertThat(LogText.escape("a\u0000b\u001bc\u0085d\u2028e\u202ef"))
                .isEqualTo("a\\u0000b\\u001bc\\u0085d\\u2028e\\u202ef");
    }

    @Test
    void aBackslashIsEscapedSoThatAnEscapeCannotBeFaked() {
        assertThat(LogText.escape("x\\ny")).isEqualTo("x\\\\ny");
    }

    @Test
    void plainTextAndUnicodeStayAsTheyAre() {
        assertThat(LogText.escape("agent-07 cx-agent 0.1.0 (Linux) 张伟"))
                .isEqualTo("agent-07 cx-agent 0.1.0 (Linux) 张伟");
        assertThat(LogText.escape(null)).isEqualTo("null");
    }

    @Test
    void longTextIsCut() {
        String escaped = LogText.escape("x".repeat(10_000));
        assertThat(escaped).startsWith("x".repeat(LogText.MAX_CHARS)).endsWith("...(10000 chars)");
        assertThat(escaped.length()).isLessThan(LogText.MAX_CHARS + 20);
    }
}
