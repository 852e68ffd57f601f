package dev.chirp.shared.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.chirp.shared.id.ChirpIds;

import dev.chirp.shared.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CursorsTest {

    @Test
    void roundTripsItsParts() {
        String cursor = Cursors.encode(1234567890123L, "x y/é");
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(Cursors.decode(cursor)).containsExactly("1234567890123", "x y/é");
        assertThat(Cursors.longPart(Cursors.decode(cursor), 0)).isEqualTo(1234567890123L);
    }

    @Test
    void refusesWhatItDidNotMake() {
        for (String forged : List.of("abc", "!!!", "x".repeat(600), "YzI", java.util.Base64.getUrlEncoder().encodeToString("c2\u001fx".getBytes()))) {
            assertThatThrownBy(() -> Cursors.decode(forged)).as(forged).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> Cursors.longPart(Cursors.decode(Cursors.encode("nan")), 0))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void timeAndIdPartsMustBeTimesAnItemCanHave() {
        Instant now = Instant.now();
        long idNow = ChirpIds.lowestAt(now);
        assertThat(Cursors.idPart(Cursors.decode(Cursors.encode(idNow)), 0)).isEqualTo(idNow);
        assertThat(Cursors.instantPart(Cursors.decode(Cursors.encode(now.toEpochMilli())), 0).toEpochMilli())
                .isEqualTo(now.toEpochMilli());
        // the cursor of issue #23: the year 9999 and Long.MAX_VALUE
        List<String> year9999 = Cursors.decode("YzEfMjUzNDAyMzAwNzk5MDAwHzkyMjMzNzIwMzY4NTQ3NzU4MDc");
        assertThatThrownBy(() -> Cursors.instantPart(year9999, 0)).isInstanceOf(ApiException.class);
        for (long forged : List.of(Long.MAX_VALUE, 0L, -5L, ChirpIds.lowestAt(now.plus(1, ChronoUnit.HOURS)))) {
            assertThatThrownBy(() -> Cursors.idPart(Cursors.decode(Cursors.encode(forged)), 0)).as("" + forged)
                    .isInstanceOf(ApiException.class);
        }
        for (long forged : List.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, ChirpIds.EPOCH.toEpochMilli() - 1,
                now.plus(1, ChronoUnit.HOURS).toEpochMilli())) {
            assertThatThrownBy(() -> Cursors.instantPart(Cursors.decode(Cursors.encode(forged)), 0)).as("" + forged)
                    .isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> Cursors.requireParts(List.of("1"), 2)).isInstanceOf(ApiException.class);
    }

    @Test
    void limitsAreOneToHundred() {
        assertThat(PageRequest.of(null, null).limit()).isEqualTo(20);
        assertThat(PageRequest.of(null, null, 10).limit()).isEqualTo(10);
        assertThat(PageRequest.of(100, "").isFirstPage()).isTrue();
        assertThatThrownBy(() -> PageRequest.of(0, null)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> PageRequest.of(101, null)).isInstanceOf(ApiException.class);
        assertThat(PageRequest.of(5, Cursors.encode(9L)).cursor()).containsExactly("9");
    }
}
