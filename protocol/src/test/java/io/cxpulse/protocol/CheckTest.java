package io.cxpulse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CheckTest {
    /** What docs/protocol.md says an id is. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    @Test
    void idsAreWhatTheProtocolSays() {
        String alphabet = "aZ09._:-/ é\u4e2d\n";
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(i % 10 == 0 ? 70 : 6);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = s.toString();
            assertThat(Check.isId(id)).as(id).isEqualTo(ID.matcher(id).matches());
        }
        assertThat(Check.isId("a".repeat(64))).isTrue();
        assertThat(Check.isId("a".repeat(65))).isFalse();
        assertThat(Check.isId(null)).isFalse();
        assertThatThrownBy(() -> Check.id("agentId", "-x"))
                .hasMessage("agentId must be 1-64 characters of letters, digits, '.', '_', ':' or '-', got \"-x\"");
    }
}
