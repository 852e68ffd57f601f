package dev.chirp.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Token buckets, one per caller and kind of request. Defaults: reads 300 then 10/s, writes 60 then 1/s, uploads 20
 * then one per 10 s, login/signup attempts 10 then one per 20 s per client address, and login attempts at one
 * account 5 then one per 10 s from all addresses together.
 *
 * @param keyPrefix    prefix of every bucket's Redis key (tests use a fresh one)
 * @param redisTimeout how long to wait for Redis before serving the request unlimited (fail open)
 * @param reads        GET and everything not below
 * @param writes       POST, PUT, PATCH, DELETE
 * @param uploads      {@code POST /api/v1/media}
 * @param logins       {@code POST /api/v1/auth/login} and {@code /signup} per client address, whatever token comes
 *                     with them (password guessing, account spam)
 * @param loginAccounts login attempts at one account (the body's {@code login}), from every address together. It
 *                     refills faster than one address's {@code logins} bucket, so one attacker alone cannot keep
 *                     a victim locked out; many addresses can, for as long as they keep at it
 * @param loginBodyLimit the largest login body the gateway reads to find the account; larger ones are refused (413)
 */
@ConfigurationProperties("chirp.gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue("chirp:gateway:bucket:") String keyPrefix,
        @DefaultValue("1s") Duration redisTimeout,
        Limit reads,
        Limit writes,
        Limit uploads,
        Limit logins,
        Limit loginAccounts,
        @DefaultValue("8KB") DataSize loginBodyLimit) {

    public RateLimitProperties {
        reads = reads != null ? reads : new Limit(300, 10.0);
        writes = writes != null ? writes : new Limit(60, 1.0);
        uploads = uploads != null ? uploads : new Limit(20, 0.1);
        logins = logins != null ? logins : new Limit(10, 0.05);
        loginAccounts = loginAccounts != null ? loginAccounts : new Limit(5, 0.1);
    }

    /**
     * @param capacity        the burst: how many requests a full bucket allows at once
     * @param refillPerSecond how many tokens come back per second (may be fractional: 0.05 = one per 20 s)
     */
    public record Limit(Integer capacity, Double refillPerSecond) {

        public Limit {
            if (capacity == null || capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1");
            }
            if (refillPerSecond == null || !(refillPerSecond > 0)) {
                throw new IllegalArgumentException("refill-per-second must be positive");
            }
        }
    }

    Limit limitFor(RequestKind kind) {
        return switch (kind) {
            case READ -> reads;
            case WRITE -> writes;
            case UPLOAD -> uploads;
            case LOGIN -> logins;
            case LOGIN_ACCOUNT -> loginAccounts;
        };
    }
}
