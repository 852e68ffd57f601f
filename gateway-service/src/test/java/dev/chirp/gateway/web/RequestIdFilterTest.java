package dev.chirp.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

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
}
