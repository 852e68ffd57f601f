package dev.chirp.testsupport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.sun.net.httpserver.HttpExchange;
import dev.chirp.shared.security.ServiceToken;

/**
 * The service credential of {@code /internal/**} calls in tests (chirp-shared's {@link ServiceToken}). A service
 * under test gets the fixed test secret through {@code registry.add(TestServiceTokens.PROPERTY,
 * TestServiceTokens::secret)}; a test calling an internal endpoint directly signs with {@link #forCall}; an
 * in-test stand-in for a sibling service checks its callers with {@link #signed}.
 */
public final class TestServiceTokens {

    public static final String PROPERTY = "chirp.security.internal.secret";
    public static final String HEADER = ServiceToken.HEADER;
    private static final String SECRET = "chirp-test-internal-secret-not-for-production-0123456789";
    private static final Duration VALIDITY = Duration.ofSeconds(30);
    private static final ServiceToken TOKENS = ServiceToken.of(SECRET, VALIDITY, Clock.systemUTC());

    private TestServiceTokens() {
    }

    public static String secret() {
        return SECRET;
    }

    /** The header value for {@code method} on {@code target} (raw path and query, e.g. {@code /internal/media?ids=1}). */
    public static String forCall(String method, String target) {
        return TOKENS.issue(method, target);
    }

    /** A token signed with another deployment's secret. */
    public static String fromAnotherDeployment(String method, String target) {
        return ServiceToken.of("another-deployment-internal-secret-0123456789", VALIDITY, Clock.systemUTC())
                .issue(method, target);
    }

    /** A token issued a minute ago: outside the validity window. */
    public static String expired(String method, String target) {
        return ServiceToken.of(SECRET, VALIDITY, Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC))
                .issue(method, target);
    }

    /** Whether an exchange received by an in-test stand-in carries a valid credential for itself. */
    public static boolean signed(HttpExchange exchange) {
        URI uri = exchange.getRequestURI();
        return TOKENS.accepts(exchange.getRequestHeaders().getFirst(HEADER), exchange.getRequestMethod(),
                ServiceToken.target(uri));
    }
}
