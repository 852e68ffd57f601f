package dev.chirp.shared.id;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeOrderedIdGeneratorTest {

    /** A clock the test moves by hand, backwards included. */
    static final class SteppedClock extends Clock {
        final AtomicLong millis;

        SteppedClock(Instant start) {
            millis = new AtomicLong(start.toEpochMilli());
        }

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
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void idsIncreaseStrictlyAndCarryTheirTime() {
        Instant start = Instant.parse("2026-11-21T19:12:21.599Z");
        SteppedClock clock = new SteppedClock(start);
        TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator(7, clock);
        long previous = 0;
        for (int i = 0; i < 20_000; i++) {
            if (i % 1000 == 0) {
                clock.millis.incrementAndGet();
            }
            long id = ids.nextId();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        long first = new TimeOrderedIdGenerator(7, new SteppedClock(start)).nextId();
        assertThat(ChirpIds.timeOf(first)).isEqualTo(start);
        assertThat(ChirpIds.lowestAt(start)).isLessThanOrEqualTo(first);
        assertThat(ChirpIds.lowestAt(start.plusMillis(1))).isGreaterThan(first);
    }

    @Test
    void clockGoingBackwardsNeverRepeatsAnId() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-06-01T00:00:00Z"));
        TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator(1, clock);
        Set<Long> seen = new HashSet<>();
        long previous = 0;
        for (int step = 0; step < 50; step++) {
            for (int i = 0; i < 100; i++) {
                long id = ids.nextId();
                assertThat(seen.add(id)).as("duplicate id %d", id).isTrue();
                assertThat(id).isGreaterThan(previous);
                previous = id;
            }
            clock.millis.addAndGet(step % 2 == 0 ? -5_000 : 3);
        }
    }

    @Test
    void exhaustingAMillisecondBorrowsTheNextInsteadOfWaiting() {
        SteppedClock frozen = new SteppedClock(Instant.parse("2026-06-01T00:00:00Z"));
        TimeOrderedIdGenerator ids = new TimeOrderedIdGenerator(1, frozen);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 3 * 4096; i++) {
            assertThat(seen.add(ids.nextId())).isTrue();
        }
        assertThat(seen).hasSize(3 * 4096);
    }

    @Test
    void uniqueAcrossThreadsAndWorkers() throws InterruptedException {
        TimeOrderedIdGenerator a = new TimeOrderedIdGenerator(1);
        TimeOrderedIdGenerator b = new TimeOrderedIdGenerator(2);
        Set<Long> all = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            TimeOrderedIdGenerator ids = t % 2 == 0 ? a : b;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 25_000; i++) {
                    all.add(ids.nextId());
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(all).hasSize(8 * 25_000);
    }

    @Test
    void workerIdMustFitTenBits() {
        assertThatThrownBy(() -> new TimeOrderedIdGenerator(1024)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimeOrderedIdGenerator(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsingAcceptsOnlyPositiveDecimal64BitNumbers() {
        assertThat(ChirpIds.parse("123")).contains(123L);
        assertThat(ChirpIds.parse("9223372036854775807")).contains(Long.MAX_VALUE);
        for (String bad : new String[] {null, "", "0", "-1", "+1", "1e3", "9223372036854775808", " 1", "١٢٣",
                "12345678901234567890", "0x1f", "1;DROP TABLE"}) {
            assertThat(ChirpIds.parse(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }
}
