package dev.chirp.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.chirp.testsupport.TestNames;
import dev.chirp.testsupport.ThrowawayRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Token buckets on a real Redis Cluster of three primaries ({@link ThrowawayRedisCluster}). A sign-in draws from
 * its address's bucket and its account's, whose keys hash to different slots: one script over both failed with
 * {@code CROSSSLOT} (every sign-in then failed closed with 503). Now each slot is taken on its own and a refusal
 * gives back what was taken.
 */
class TokenBucketsClusterIT {

    private static ThrowawayRedisCluster cluster;
    private static TokenBuckets buckets;
    private static String prefix;

    @BeforeAll
    static void startCluster() {
        cluster = ThrowawayRedisCluster.start(3);
        prefix = TestNames.prefix() + "bucket:";
        // Refills so slow that nothing comes back while the test runs: address 3 sign-ins, account 2.
        RateLimitProperties properties = new RateLimitProperties(prefix, Duration.ofSeconds(5), null, null, null,
                new RateLimitProperties.Limit(3, 0.0001), new RateLimitProperties.Limit(2, 0.0001),
                DataSize.ofKilobytes(8));
        buckets = new TokenBuckets(new ReactiveStringRedisTemplate(cluster.connectionFactory()), properties);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSignInDrawsFromBucketsInTwoSlotsAndARefusalTakesNothing() {
        TokenBuckets.Bucket address = new TokenBuckets.Bucket(RequestKind.LOGIN, "ip:127.0.0.9");
        TokenBuckets.Bucket account = accountInAnotherSlotThan(address);

        TokenBuckets.Take first = buckets.take(List.of(address, account)).block();
        TokenBuckets.Take second = buckets.take(List.of(address, account)).block();
        TokenBuckets.Take third = buckets.take(List.of(address, account)).block();

        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).as("account bucket: 2 - 1").isEqualTo(1);
        assertThat(first.tightest()).isEqualTo(RequestKind.LOGIN_ACCOUNT);
        assertThat(second.allowed()).isTrue();
        assertThat(third.allowed()).as("the account's bucket is empty").isFalse();
        assertThat(third.tightest()).isEqualTo(RequestKind.LOGIN_ACCOUNT);
        assertThat(third.retryAfter()).isPositive();
        // The refused third sign-in had taken the address's token first; it was given back, so one is left.
        TokenBuckets.Take addressOnly = buckets.take(List.of(address)).block();
        assertThat(addressOnly.allowed()).isTrue();
        assertThat(addressOnly.remaining()).isZero();
        assertThat(buckets.take(List.of(address)).block().allowed()).isFalse();
    }

    private TokenBuckets.Bucket accountInAnotherSlotThan(TokenBuckets.Bucket address) {
        int addressSlot = SlotHash.getSlot(key(address));
        for (int i = 0; ; i++) {
            TokenBuckets.Bucket account = new TokenBuckets.Bucket(RequestKind.LOGIN_ACCOUNT, "user" + i + "@example.org");
            int slot = SlotHash.getSlot(key(account));
            // a different node, not only a different slot
            if (slot * 3 / SlotHash.SLOT_COUNT != addressSlot * 3 / SlotHash.SLOT_COUNT) {
                return account;
            }
        }
    }

    private static String key(TokenBuckets.Bucket bucket) {
        return prefix + bucket.kind().bucketName() + ":" + bucket.owner();
    }
}
