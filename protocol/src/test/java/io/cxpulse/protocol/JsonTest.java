package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object v = Json.parse(
                " {\"s\":\"a\\\"b\\\\c\\/\\u00e9\\n\",\"i\":-42,\"big\":123456789012345678901,\"d\":1.5e2,"
                        + "\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"s\":\"last\"}\n",
                8);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "last");
        expected.put("i", -42L);
        expected.put("big", new BigInteger("123456789012345678901"));
        expected.put("d", 150.0);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("a", List.of(1L, List.of(), Map.of()));
        assertThat(v).isEqualTo(expected);
        assertThat(Json.parse("\"a\\\"b\\\\c\\/\\u00e9\\n\"", 1)).isEqualTo("a\"b\\c/é\n");
        assertThat(Json.parse("9223372036854775807", 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808", 1)).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808", 1)).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("-0", 1)).isEqualTo(0L);
        assertThat(Json.parse("1.0", 1)).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "[1,]",
                "{\"a\":1,}",
                "{a:1}",
                "{'a':1}",
                "01",
                "1.",
                ".5",
                "+1",
                "1e",
                "-",
                "NaN",
                "tru",
                "truex",
                "nul",
                "\"a",
                "\"\\x\"",
                "\"\\u12\"",
                "\"tab\there\"",
                "[1] [2]",
                "{} x",
                "// comment\n1",
                "[[[[1]]]]"
            })
    void refusesWhatIsNotStrictJson(String text) {
        assertThatThrownBy(() -> Json.parse(text, 3))
                .isInstanceOf(Json.SyntaxException.class)
                .message()
                .contains("at line 1, column");
    }

    @Test
    void saysWhereTheTextStopsBeingJson() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1\n  \"b\": 2}", 4))
                .isInstanceOfSatisfying(Json.SyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.problem()).isEqualTo("unexpected '\"': ',' or '}' is expected");
                });
    }

    @Test
    void writesWhatItReads() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 中文");
        value.put("n", -7L);
        value.put("d", 0.25);
        value.put("list", Arrays.asList(true, null, "x"));
        String text = Json.write(value);
        assertThat(text)
                .isEqualTo("{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 中文\","
                        + "\"n\":-7,\"d\":0.25,\"list\":[true,null,\"x\"]}");
        assertThat(Json.parse(text, 4)).isEqualTo(value);
    }
}
