package dev.chirp.media.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void keysCarryTheMediaIdAndAreNeverTheSameTwice() {
        String image = ObjectKeys.image(42);
        String thumbnail = ObjectKeys.thumbnail(42);

        assertThat(image).matches("image/42/[0-9a-f]{32}").isNotEqualTo(ObjectKeys.image(42));
        assertThat(thumbnail).matches("thumbnail/42/[0-9a-f]{32}");
        assertThat(ObjectKeys.mediaId(image)).contains(42L);
        assertThat(ObjectKeys.mediaId(thumbnail)).contains(42L);
    }

    @Test
    void otherKeysHaveNoMediaId() {
        assertThat(ObjectKeys.mediaId("image/42")).isEmpty();
        assertThat(ObjectKeys.mediaId("image/42/holiday.jpg")).isEmpty();
        assertThat(ObjectKeys.mediaId("other/42/" + "a".repeat(32))).isEmpty();
        assertThat(ObjectKeys.mediaId("image/0/" + "a".repeat(32))).isEmpty();
        assertThat(ObjectKeys.mediaId("image/99999999999999999999/" + "a".repeat(32))).isEmpty();
    }
}
