package dev.chirp.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.chirp.shared.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BatchIdsTest {

    @Test
    void readsIdsInTheOrderGivenWithSpacesAroundThem() {
        assertThat(BatchIds.parse("12, 11 ,9")).containsExactly(12L, 11L, 9L);
        assertThat(BatchIds.parse("9223372036854775807")).containsExactly(Long.MAX_VALUE);
    }

    @Test
    void aHundredIdsAreAllowedAndOneMoreIsNot() {
        String hundred = LongStream.rangeClosed(1, 100).mapToObj(Long::toString).collect(Collectors.joining(","));
        assertThat(BatchIds.parse(hundred)).hasSize(100);
        assertThatThrownBy(() -> BatchIds.parse(hundred + ",101"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("ids")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "1,", ",1", "1,,2", "abc", "1,abc", "0", "-2", "1.5", "+3", "1 2",
            "9223372036854775808", "１２", "1;DROP TABLE tweets"})
    void anythingButOneToAHundredIdsIsRefusedNamingIds(String raw) {
        assertThatThrownBy(() -> BatchIds.parse(raw))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("ids")));
    }
}
