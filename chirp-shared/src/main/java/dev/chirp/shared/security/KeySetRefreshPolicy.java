package dev.chirp.shared.security;

import java.time.Duration;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * When a cached signing key set (user-service's JWKS) is fetched again, and which keys may verify tokens meanwhile:
 * the gateway's and every service's verifier follow this one policy.
 *
 * <ul>
 *   <li>Keys are fresh for {@code maxAge}; after that the next token triggers a fetch (a key user-service stopped
 *       publishing stops verifying).</li>
 *   <li>Stale-if-error: while fetches fail, the last good keys keep verifying until {@code maxAge + staleIfError}
 *       after they were fetched. Keys rotate rarely (user-service publishes a new key before signing with it), so a
 *       user-service outage must not turn into every request failing; past the bound, a key withdrawn during the
 *       outage must not stay trusted forever.</li>
 *   <li>Failed fetches are retried with a doubling back-off from one second up to {@code maxRetry}, so a down
 *       user-service is not asked on every request.</li>
 * </ul>
 *
 * Thread-safe; time comes from {@code nanoTime} so that tests can drive it.
 */
public final class KeySetRefreshPolicy<K> {

    private static final long FIRST_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final long maxAgeNanos;
    private final long staleIfErrorNanos;
    private final long maxRetryNanos;
    private final LongSupplier nanoTime;

    private @Nullable K keys;
    private long fetchedAt;
    private boolean attempted;
    private long attemptedAt;
    private int failuresInARow;
    private long failingSince;
    private long nextAttemptAt;
    private long failedRefreshes;

    public KeySetRefreshPolicy(Duration maxAge, Duration staleIfError, Duration maxRetry, LongSupplier nanoTime) {
        this.maxAgeNanos = maxAge.toNanos();
        this.staleIfErrorNanos = staleIfError.toNanos();
        this.maxRetryNanos = maxRetry.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The keys while they are younger than the max age; null when there are none or they are due a refresh. */
    public synchronized @Nullable K fresh() {
        return keys != null && nanoTime.getAsLong() - fetchedAt <= maxAgeNanos ? keys : null;
    }

    /** The last good keys while within the stale-if-error bound (fresh ones included); null past it. */
    public synchronized @Nullable K usable() {
        return keys != null && nanoTime.getAsLong() - fetchedAt <= maxAgeNanos + staleIfErrorNanos ? keys : null;
    }

    /** Whether a fetch may start now: not while the back-off after a failed one runs. */
    public synchronized boolean mayFetch() {
        return failuresInARow == 0 || nanoTime.getAsLong() - nextAttemptAt >= 0;
    }

    /**
     * Whether a fetch for a token naming an unknown key ID may start now: as {@link #mayFetch()}, and at most one
     * fetch per {@code minInterval} (forged key IDs must not turn into a stream of requests to user-service).
     */
    public synchronized boolean mayRefetch(Duration minInterval) {
        return mayFetch() && (!attempted || nanoTime.getAsLong() - attemptedAt >= minInterval.toNanos());
    }

    public synchronized void started() {
        attempted = true;
        attemptedAt = nanoTime.getAsLong();
    }

    public synchronized void succeeded(K fetched) {
        keys = fetched;
        fetchedAt = nanoTime.getAsLong();
        failuresInARow = 0;
    }

    public synchronized void failed() {
        long now = nanoTime.getAsLong();
        if (failuresInARow == 0) {
            failingSince = now;
        }
        failuresInARow++;
        failedRefreshes++;
        long backOff = FIRST_RETRY_NANOS << Math.min(failuresInARow - 1, 20);
        nextAttemptAt = now + Math.min(backOff, maxRetryNanos);
    }

    /** Seconds since refreshes of the keys in use started failing; 0 while the last fetch succeeded. */
    public synchronized double staleSeconds() {
        return failuresInARow == 0 ? 0 : (nanoTime.getAsLong() - failingSince) / 1e9;
    }

    /** Fetches that failed since start. */
    public synchronized long failedRefreshes() {
        return failedRefreshes;
    }

    /**
     * {@code chirp_jwks_stale_seconds} (alerted on in deploy/prometheus/alerts.yml) and
     * {@code chirp_jwks_refresh_failures_total}.
     */
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("chirp.jwks.stale.seconds", this, KeySetRefreshPolicy::staleSeconds)
                .description("How long refreshes of the signing keys in use have been failing (0 when the last "
                        + "one succeeded); tokens stop verifying once the keys pass max-age + stale-if-error")
                .register(registry);
        FunctionCounter.builder("chirp.jwks.refresh.failures", this, KeySetRefreshPolicy::failedRefreshes)
                .description("Fetches of user-service's signing keys that failed").register(registry);
    }
}
