package io.cxpulse.server.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SurveysCsvTest {
    @Test
    void gzipOnlyWhenAcceptedAndNotRefused() {
        assertThat(SurveysCsv.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(SurveysCsv.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(SurveysCsv.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(SurveysCsv.acceptsGzip("gzip; q=0.0")).isFalse();
        assertThat(SurveysCsv.acceptsGzip("identity")).isFalse();
        assertThat(SurveysCsv.acceptsGzip(null)).isFalse();
    }
}
