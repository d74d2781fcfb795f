package io.cxpulse.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void verifiesOnlyTheRightPassword() {
        String stored = Passwords.hash("correct horse", 1_000);
        assertThat(stored).startsWith("pbkdf2-sha256$1000$");
        assertThat(Passwords.verify("correct horse", stored)).isTrue();
        assertThat(Passwords.verify("correct horse ", stored)).isFalse();
        assertThat(Passwords.verify("", stored)).isFalse();
        assertThat(Passwords.verify(null, stored)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(Passwords.hash("same", 1_000)).isNotEqualTo(Passwords.hash("same", 1_000));
    }

    @Test
    void defaultWorkFactorRoundTrips() {
        String stored = Passwords.hash("s3cret-pass");
        assertThat(stored).contains("$" + Passwords.ITERATIONS + "$");
        assertThat(Passwords.verify("s3cret-pass", stored)).isTrue();
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        assertThat(Passwords.verify("x", null)).isFalse();
        assertThat(Passwords.verify("x", "")).isFalse();
        assertThat(Passwords.verify("x", "plain")).isFalse();
        assertThat(Passwords.verify("x", "md5$1$a$b")).isFalse();
        assertThat(Passwords.verify("x", "pbkdf2-sha256$abc$AAAA$AAAA")).isFalse();
        assertThat(Passwords.verify("x", "pbkdf2-sha256$0$AAAA$AAAA")).isFalse();
        assertThat(Passwords.verify("x", "pbkdf2-sha256$1000$!!!$AAAA")).isFalse();
    }

    @Test
    void randomPasswordsAreLongAndDistinct() {
        String a = Passwords.randomPassword();
        assertThat(a).hasSizeGreaterThanOrEqualTo(16).matches("[A-Za-z0-9_-]+");
        assertThat(Passwords.randomPassword()).isNotEqualTo(a);
    }
}
