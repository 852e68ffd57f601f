package dev.chirp.shared.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The credential of one service-to-service call to {@code /internal/**} (docs/05-high-level-design.md, "Internal APIs
 * and their credential"). Internal endpoints answer what no user may see (a media item's {@code owner_id}, tweets as
 * any viewer sees them), so being able to reach a service port must not be enough.
 *
 * <p>Every service of a deployment holds the same secret ({@code chirp.security.internal.secret}); a user never
 * does. A call carries {@value #HEADER}{@code : <unix seconds>.<base64url HMAC-SHA256>} over the method, the raw
 * path and query, and that time. Why an HMAC and not the secret itself: the header may still end up somewhere it
 * should not (a proxy's debug log, a trace), and what leaks then is good for this one request, for
 * {@code token-validity} either side of its time, not for every internal endpoint forever. The comparison is in
 * constant time ({@link MessageDigest#isEqual}) so timing tells nothing about the expected value.
 *
 * <p>Pure JDK on purpose: the benchmarks sign their direct lookups with this class too, without Spring.
 */
public final class ServiceToken {

    /** Request header of the credential. The gateway strips every {@code X-Chirp-*} header from client requests. */
    public static final String HEADER = "X-Chirp-Service-Token";
    /** The environment variable the launcher, Compose and Kubernetes set ({@code chirp.security.internal.secret}). */
    public static final String SECRET_ENV = "CHIRP_SECURITY_INTERNAL_SECRET";
    static final int MIN_SECRET_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "chirp-internal-v1";

    private final SecretKeySpec key;
    private final long validitySeconds;
    private final Clock clock;

    /**
     * One keyed Mac per thread: both sides of every internal call sign, and looking the algorithm up and keying it
     * was two thirds of a signature's samples (13 of 20 in a JFR profile of tweet-service on home reads, where
     * signatures were 3.5 % of all). A Mac is not thread-safe; {@code doFinal} leaves it keyed for the next message.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);

    private ServiceToken(byte[] secret, Duration validity, Clock clock) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.validitySeconds = Math.max(1, validity.toSeconds());
        this.clock = clock;
    }

    /**
     * Refuses to build from a missing, short or placeholder secret, so a service started without the deployment's
     * secret (or with k8s/base's {@code CHANGE-ME} value) stops at startup instead of answering or calling anyone.
     */
    public static ServiceToken of(@Nullable String secret, Duration validity, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("chirp.security.internal.secret (" + SECRET_ENV + ") is not set: every "
                    + "service of a deployment needs the same secret to call and answer /internal/** "
                    + "(./chirp up generates one; elsewhere: openssl rand -hex 32)");
        }
        if (secret.toLowerCase(Locale.ROOT).contains("change-me")) {
            throw new IllegalStateException("chirp.security.internal.secret (" + SECRET_ENV + ") is the committed "
                    + "placeholder: give the deployment its own secret (deploy/README.md, \"Secrets\")");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("chirp.security.internal.secret (" + SECRET_ENV + ") is shorter than "
                    + MIN_SECRET_LENGTH + " characters: use a random one (openssl rand -hex 32)");
        }
        return new ServiceToken(secret.getBytes(StandardCharsets.UTF_8), validity, clock);
    }

    /** Whether a request path is an internal endpoint (the ones that require the credential). */
    public static boolean isInternal(String rawPath) {
        return rawPath != null && (rawPath.equals("/internal") || rawPath.startsWith("/internal/"));
    }

    /** The raw path and query of {@code uri}, as the receiving service sees them. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** A token for one request, e.g. {@code issue("GET", "/internal/media?ids=1,2")}. */
    public String issue(String method, String target) {
        long now = clock.instant().getEpochSecond();
        return now + "." + signature(method, target, now);
    }

    /** Whether {@code token} was issued with this secret for this very request, within the validity window. */
    public boolean accepts(String token, String method, String target) {
        if (token == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        long issuedAt;
        try {
            issuedAt = Long.parseLong(token.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        // Either side of now: the caller's clock may be a little ahead of ours.
        if (Math.abs(clock.instant().getEpochSecond() - issuedAt) > validitySeconds) {
            return false;
        }
        byte[] expected = signature(method, target, issuedAt).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private String signature(String method, String target, long issuedAt) {
        String message = VERSION + "\n" + method.toUpperCase(Locale.ROOT) + "\n" + target + "\n" + issuedAt;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(macs.get().doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac keyedMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Never the secret: this object may end up in a log line or a debugger's view. */
    @Override
    public String toString() {
        return "ServiceToken[" + ALGORITHM + ", validity " + validitySeconds + " s]";
    }
}
