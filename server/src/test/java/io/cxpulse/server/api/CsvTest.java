package io.cxpulse.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesOnlyWhenNeeded() {
        StringBuilder out = new StringBuilder();
        Csv.row(out, "plain", "a,b", "say \"hi\"", "two\nlines", null, 42, -3);
        assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,42,-3\r\n");
    }

    @Test
    void defusesSpreadsheetFormulas() {
        assertThat(Csv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("'+1");
        assertThat(Csv.cell("@cmd")).isEqualTo("'@cmd");
        assertThat(Csv.cell("-x")).isEqualTo("'-x");
        assertThat(Csv.cell(-5)).isEqualTo("-5");
    }
}
