package io.cxpulse.agent.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallerNumbersTest {
    private static final String SALT = "00112233445566778899aabbccddeeff".repeat(2);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sip:+4930123456@pbx.example.com|+4930123456",
                "sip:+4930123456@pbx.example.com;user=phone|+4930123456",
                "<sip:+49-30-123456@10.0.0.1:5060>;tag=a1b2|+4930123456",
                "\"Ana Lima\" <sips:030123456@pbx>|030123456",
                "tel:+1-555-0100|+15550100",
                "<tel:+1 (555) 0100;ext=12>|+15550100",
                "sip:7001;phone-context=example.com@pbx|7001",
                "SIP:+44%2020%207946%200000@pbx|+442079460000"
            })
    void theUserPartIsNormalisedToItsDigitsWithTheLeadingPlusKept(String address, String number) {
        assertThat(CallerNumbers.of(address)).isEqualTo(number);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sip:anonymous@anonymous.invalid",
                "sip:caller@127.0.0.1",
                "sip:agent07@127.0.0.1",
                "sip:pbx.example.com",
                "sip:12+34@pbx",
                "sip:++1234@pbx",
                "sip:@pbx",
                "mailto:1234@example.com",
                "sip:123456789012345678901@pbx",
                ""
            })
    void anAddressWithoutANumberHasNone(String address) {
        assertThat(CallerNumbers.of(address)).isNull();
    }

    @Test
    void theHashIsTheHmacSha256OfTheNumberKeyedWithTheCentersSalt() {
        // As Python computes it: hmac.new(bytes.fromhex(SALT), b"+4930123456", hashlib.sha256).hexdigest()
        assertThat(CallerNumbers.hash(SALT, "+4930123456"))
                .isEqualTo("90b7ca7c123d47bc66fc685b5a6329246e93738bb84e224247a687e431ae2963");
        assertThat(CallerNumbers.hash(SALT, "+4930123456")).isNotEqualTo(CallerNumbers.hash(SALT, "+4930123457"));
        assertThat(CallerNumbers.hash("ff" + SALT.substring(2), "+4930123456"))
                .as("another center")
                .isNotEqualTo(CallerNumbers.hash(SALT, "+4930123456"));
    }
}
