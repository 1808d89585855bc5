package io.meshwork.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final MovableClock clock = new MovableClock();
    private final VerifiedTokens tokens = new VerifiedTokens(
            new DefaultJWTParser(new JWTAuthContextInfo(TestTokens.publicKey(), "meshwork")), clock, 100);

    @Test
    void answersATokenSeenBeforeWithoutVerifyingItAgain() throws ParseException {
        String token = TestTokens.consumer("reader");

        JsonWebToken first = tokens.parse(token);
        JsonWebToken second = tokens.parse(token);

        assertThat(first.getName()).isEqualTo("reader");
        assertThat(second).isSameAs(first);
    }

    @Test
    void verifiesATokenAgainOnceItsExpiryHasPassed() throws ParseException {
        String token = TestTokens.consumer("reader");
        JsonWebToken first = tokens.parse(token);

        clock.move(Duration.ofHours(1).plusSeconds(1));

        // Verified again (by the verifier's own clock, for which the token is still valid), not answered from memory.
        assertThat(tokens.parse(token)).isNotSameAs(first);
    }

    @Test
    void neverKeepsATokenThatFailedVerification() {
        String forged = TestTokens.forged();

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
    }

    /** A clock the test moves on. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
