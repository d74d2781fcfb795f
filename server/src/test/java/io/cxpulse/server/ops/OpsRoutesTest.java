package io.cxpulse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpsRoutesTest {
    private static final String TOKEN = "scrape-token-0123456789";

    @Test
    void thisMachineMayAlwaysScrape() {
        assertThat(OpsRoutes.mayScrape("127.0.0.1", null, null)).isTrue();
        assertThat(OpsRoutes.mayScrape("127.9.9.9", null, TOKEN)).isTrue();
        assertThat(OpsRoutes.mayScrape("0:0:0:0:0:0:0:1", null, null)).isTrue();
    }

    @Test
    void othersNeedTheToken() {
        assertThat(OpsRoutes.mayScrape("192.0.2.7", null, null)).isFalse();
        assertThat(OpsRoutes.mayScrape("192.0.2.7", "Bearer " + TOKEN, null)).isFalse();
        assertThat(OpsRoutes.mayScrape("192.0.2.7", null, TOKEN)).isFalse();
        assertThat(OpsRoutes.mayScrape("192.0.2.7", "Bearer wrong", TOKEN)).isFalse();
        assertThat(OpsRoutes.mayScrape("192.0.2.7", TOKEN, TOKEN)).isFalse();
        assertThat(OpsRoutes.mayScrape("192.0.2.7", "Bearer " + TOKEN, TOKEN)).isTrue();
        assertThat(OpsRoutes.mayScrape("localhost", null, null))
                .as("names are never looked up")
                .isFalse();
        assertThat(OpsRoutes.mayScrape(null, null, TOKEN)).isFalse();
    }
}
