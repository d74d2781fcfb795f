package io.cxpulse.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.server.api.Csv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvBytesTest {
    private static final String[] TEXTS = {
        "plain",
        "a,b",
        "say \"hi\"",
        "two\nlines",
        "cr\rhere",
        "",
        "=HYPERLINK(\"x\")",
        "+1",
        "-x",
        "@cmd",
        "\tindent",
        "Zhang \"Wei\", 张伟",
        "张伟",
        "emoji 😀, too",
        "[{\"questionId\":\"nps\",\"kind\":\"nps\",\"outcome\":\"answered\",\"value\":9,\"answerMs\":1200}]"
    };

    @Test
    void writesTheSameCellsAsTheTextCsv() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // A small buffer, so that cells cross its end and longer ones pass it by.
        CsvBytes csv = new CsvBytes(out, 16);
        StringBuilder expected = new StringBuilder();
        for (String a : TEXTS) {
            for (String b : TEXTS) {
                csv.text(a.getBytes(StandardCharsets.UTF_8));
                csv.preformatted(CsvBytes.cell(b));
                csv.text(b);
                csv.text((byte[]) null);
                csv.number(-42);
                csv.empty();
                csv.number(0);
                csv.number(Long.MIN_VALUE);
                csv.number(Long.MAX_VALUE);
                csv.endRow();
                Csv.row(expected, a, b, b, null, -42, null, 0, Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        csv.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void writesInstantsAsInstantToStringDoes() throws IOException {
        Random random = new Random(7);
        long[] fixed = {
            0,
            1,
            999,
            1000,
            86_399_999,
            86_400_000,
            951_782_400_000L,
            253_402_300_799_999L,
            253_402_300_800_000L,
            -1,
            -86_400_001L,
            1_764_000_000_000L,
            1_764_000_000_100L
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvBytes csv = new CsvBytes(out, 64);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            long ms = i < fixed.length ? fixed[i] : random.nextLong() % 300_000_000_000_000L;
            if (i % 3 == 0) {
                ms -= Math.floorMod(ms, 1000);
            }
            csv.instant(ms);
            csv.instant(ms);
            csv.endRow();
            String s = Instant.ofEpochMilli(ms).toString();
            Csv.row(expected, s, s);
        }
        csv.flush();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }
}
