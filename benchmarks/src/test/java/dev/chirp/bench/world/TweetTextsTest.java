package dev.chirp.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TweetTextsTest {

    @Test
    void carriesTheMentionsAndHashtagsAndStaysWithinTheLimitAtWorst() {
        SplittableRandom random = new SplittableRandom(9);
        List<String> six = List.of("seed_000001", "seed_000002", "seed_000003", "seed_000004", "seed_000005",
                "abcdefghijklmno");
        for (int i = 0; i < 2_000; i++) {
            String text = TweetTexts.compose(random, six, 2);
            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(280);
            six.forEach(handle -> assertThat(text).contains("@" + handle));
            assertThat(text.chars().filter(c -> c == '#').count()).isEqualTo(2);
        }
    }
}
