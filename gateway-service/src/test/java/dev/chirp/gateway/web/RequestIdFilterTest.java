package dev.chirp.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RequestIdFilterTest {

    @Test
    void keepsSaneClientValues() {
        assertThat(RequestIdFilter.chosenId("abc-DEF_1.2")).isEqualTo("abc-DEF_1.2");
        assertThat(RequestIdFilter.chosenId("a".repeat(64))).isEqualTo("a".repeat(64));
    }

    @Test
    void replacesAnythingElse() {
        for (String insane : new String[] {null, "", "a".repeat(65), "a b", "<x>", "a\r\nSet-Cookie: x", "é"}) {
            assertThat(RequestIdFilter.chosenId(insane)).isNotEqualTo(insane).matches("[A-Za-z0-9._-]{1,64}");
        }
    }

    @Test
    void newIdsAreVersion4UuidsThatDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdFilter.newId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(seen.add(id)).isTrue();
        }
    }
}
