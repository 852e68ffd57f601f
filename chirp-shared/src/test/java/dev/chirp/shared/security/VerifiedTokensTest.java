package dev.chirp.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens cache = new VerifiedTokens(100, Duration.ofMinutes(2), clock);

    private JwtDecoder verifier(Instant expiry) {
        return token -> {
            verifications.incrementAndGet();
            if (token.startsWith("forged")) {
                throw new BadJwtException("bad signature");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("42").issuedAt(NOW)
                    .expiresAt(expiry).build();
        };
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgainUntilItExpires() {
        JwtDecoder decoder = cache.inFrontOf(verifier(NOW.plusSeconds(60)));
        assertThat(decoder.decode("good").getSubject()).isEqualTo("42");
        assertThat(decoder.decode("good").getSubject()).isEqualTo("42");
        assertThat(verifications).hasValue(1);

        now.set(NOW.plusSeconds(60));
        decoder.decode("good");
        assertThat(verifications).as("checked again once expired: the verifier decides").hasValue(2);
    }

    @Test
    void aFailedVerificationIsNeverRemembered() {
        JwtDecoder decoder = cache.inFrontOf(verifier(NOW.plusSeconds(60)));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(cache.get("forged")).isNull();
    }

    @Test
    void onlyTheExactTokenTextMatches() {
        JwtDecoder decoder = cache.inFrontOf(verifier(NOW.plusSeconds(60)));
        decoder.decode("good");
        assertThat(cache.get("good ")).isNull();
        assertThat(cache.get("Good")).isNull();
        assertThat(cache.get("good")).isNotNull();
    }

    @Test
    void aTokenAlreadyExpiredOrWithoutExpiryIsNotKept() {
        cache.put("old", Jwt.withTokenValue("old").header("alg", "RS256").subject("1").expiresAt(NOW).build());
        cache.put("endless", Jwt.withTokenValue("endless").header("alg", "RS256").subject("1").build());
        assertThat(cache.get("old")).isNull();
        assertThat(cache.get("endless")).isNull();
    }
}
