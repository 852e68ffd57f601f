package dev.chirp.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class ServiceTokenTest {

    private static final String SECRET = "unit-test-internal-secret-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-06T11:00:00Z");

    private static ServiceToken at(Instant instant) {
        return ServiceToken.of(SECRET, Duration.ofSeconds(30), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void aTokenIsGoodForItsOwnRequestOnly() {
        String token = at(NOW).issue("GET", "/internal/media?ids=1,2");

        assertThat(at(NOW).accepts(token, "GET", "/internal/media?ids=1,2")).isTrue();
        assertThat(at(NOW).accepts(token, "get", "/internal/media?ids=1,2")).isTrue();
        assertThat(at(NOW).accepts(token, "POST", "/internal/media?ids=1,2")).isFalse();
        assertThat(at(NOW).accepts(token, "GET", "/internal/media?ids=1,3")).isFalse();
        assertThat(at(NOW).accepts(token, "GET", "/internal/media")).isFalse();
        assertThat(at(NOW).accepts(token, "GET", "/internal/users?ids=1,2")).isFalse();
    }

    @Test
    void theSignatureIsTheDocumentedHmacWhicheverThreadSignsAndHoweverOften() throws Exception {
        Mac reference = Mac.getInstance("HmacSHA256");
        reference.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        List<String> targets = IntStream.range(0, 50).mapToObj(i -> "/internal/tweets?ids=" + i).toList();
        Map<String, String> expected = new HashMap<>();
        for (String target : targets) {
            byte[] mac = reference.doFinal(("chirp-internal-v1\nGET\n" + target + "\n" + NOW.getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
            expected.put(target, NOW.getEpochSecond() + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac));
        }
        ServiceToken tokens = at(NOW);

        // Kept Macs must not leak state between messages or threads.
        List<CompletableFuture<Void>> signers = IntStream.range(0, 8).mapToObj(t -> CompletableFuture.runAsync(() -> {
            for (int round = 0; round < 200; round++) {
                for (String target : targets) {
                    assertThat(tokens.issue("GET", target)).isEqualTo(expected.get(target));
                }
            }
        })).toList();
        CompletableFuture.allOf(signers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aTokenIsGoodForItsValidityEitherSideOfItsTime() {
        String token = at(NOW).issue("GET", "/internal/tweets?ids=1");

        assertThat(at(NOW.plusSeconds(30)).accepts(token, "GET", "/internal/tweets?ids=1")).isTrue();
        assertThat(at(NOW.minusSeconds(30)).accepts(token, "GET", "/internal/tweets?ids=1")).isTrue();
        assertThat(at(NOW.plusSeconds(31)).accepts(token, "GET", "/internal/tweets?ids=1")).isFalse();
        assertThat(at(NOW.minusSeconds(31)).accepts(token, "GET", "/internal/tweets?ids=1")).isFalse();
    }

    @Test
    void forgedAndMalformedTokensAreRefused() {
        String token = at(NOW).issue("GET", "/internal/tweets?ids=1");
        ServiceToken other = ServiceToken.of("some-other-deployment-secret-0123456789", Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        String laterTime = (NOW.getEpochSecond() + 5) + token.substring(token.indexOf('.'));

        assertThat(at(NOW).accepts(other.issue("GET", "/internal/tweets?ids=1"), "GET", "/internal/tweets?ids=1"))
                .isFalse();
        assertThat(at(NOW).accepts(laterTime, "GET", "/internal/tweets?ids=1")).isFalse();
        for (String malformed : new String[] {null, "", ".", "abc.def", token.substring(0, token.indexOf('.')),
                "." + token, "99999999999999999999999." + token.substring(token.indexOf('.') + 1), SECRET}) {
            assertThat(at(NOW).accepts(malformed, "GET", "/internal/tweets?ids=1")).as(malformed).isFalse();
        }
    }

    @Test
    void aMissingShortOrPlaceholderSecretRefusesToStart() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> ServiceToken.of(null, Duration.ofSeconds(30), clock))
                .hasMessageContaining("is not set");
        assertThatThrownBy(() -> ServiceToken.of("  ", Duration.ofSeconds(30), clock))
                .hasMessageContaining("is not set");
        assertThatThrownBy(() -> ServiceToken.of("CHANGE-ME-chirp-internal-secret-0123456789abcdef",
                Duration.ofSeconds(30), clock)).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> ServiceToken.of("0123456789abcdef", Duration.ofSeconds(30), clock))
                .hasMessageContaining("shorter than 32");
        assertThat(ServiceToken.of(SECRET, Duration.ofSeconds(30), clock).toString()).doesNotContain(SECRET);
        assertThat(new SecurityProperties.Internal(SECRET, Duration.ofSeconds(30)).toString()).doesNotContain(SECRET);
    }

    @Test
    void onlyInternalPathsAreSignedAndTheTargetIsTheRawPathAndQuery() {
        assertThat(ServiceToken.isInternal("/internal/media")).isTrue();
        assertThat(ServiceToken.isInternal("/internal")).isTrue();
        assertThat(ServiceToken.isInternal("/internals")).isFalse();
        assertThat(ServiceToken.isInternal("/api/v1/internal/x")).isFalse();
        assertThat(ServiceToken.target(URI.create("http://h:1/internal/media?ids=1,2&viewer=%207")))
                .isEqualTo("/internal/media?ids=1,2&viewer=%207");
        assertThat(ServiceToken.target(URI.create("http://h:1/internal/media"))).isEqualTo("/internal/media");
    }
}
