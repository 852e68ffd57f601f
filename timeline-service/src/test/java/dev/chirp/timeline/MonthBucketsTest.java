package dev.chirp.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.chirp.shared.id.ChirpIds;
import org.junit.jupiter.api.Test;

class MonthBucketsTest {

    @Test
    void aBucketIsTheUtcMonth() {
        assertThat(MonthBuckets.of(Instant.parse("2026-11-30T23:59:59.999Z"))).isEqualTo(202611);
        assertThat(MonthBuckets.of(Instant.parse("2026-12-01T00:00:00Z"))).isEqualTo(202612);
    }

    @Test
    void theBucketOfAnIdIsTheMonthItWasMadeIn() {
        long id = ChirpIds.lowestAt(Instant.parse("2027-02-14T12:00:00Z")) + 12345;
        assertThat(MonthBuckets.ofId(id)).isEqualTo(202702);
    }

    @Test
    void previousCrossesYears() {
        assertThat(MonthBuckets.previous(202701)).isEqualTo(202612);
        assertThat(MonthBuckets.previous(202611)).isEqualTo(202610);
    }
}
