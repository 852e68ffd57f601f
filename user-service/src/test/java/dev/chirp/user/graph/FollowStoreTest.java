package dev.chirp.user.graph;

import java.time.Instant;

import dev.chirp.shared.id.ChirpIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FollowStoreTest {

    @Test
    void tiersAreFloorOfLog2() {
        assertThat(FollowStore.tierOf(0)).isZero();
        assertThat(FollowStore.tierOf(1)).isZero();
        assertThat(FollowStore.tierOf(2)).isEqualTo(1);
        assertThat(FollowStore.tierOf(3)).isEqualTo(1);
        assertThat(FollowStore.tierOf(1024)).isEqualTo(10);
        assertThat(FollowStore.tierOf(Long.MAX_VALUE)).isEqualTo(62);
    }

    @Test
    void listRowsAreWrittenAtTheFollowsOwnTime() {
        Instant at = Instant.parse("2026-11-21T12:00:00.123Z");
        long followId = ChirpIds.lowestAt(at) + 5;
        assertThat(FollowStore.writeTimeOf(followId)).isEqualTo(at.toEpochMilli() * 1000);
    }
}
