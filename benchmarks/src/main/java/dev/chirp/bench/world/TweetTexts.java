package dev.chirp.bench.world;

import java.util.List;
import java.util.random.RandomGenerator;

/** Plausible tweet texts with hashtags (Zipf-distributed, so some trend) and mentions. */
public final class TweetTexts {

    public static final List<String> WORDS = List.of("coffee", "morning", "deploy", "weekend", "pizza", "music",
            "running", "coding", "release", "rain", "sunset", "garden", "train", "concert", "book", "movie",
            "kafka", "cassandra", "redis", "latency", "timeline", "search", "photo", "cat", "dog", "football",
            "election", "recipe", "travel", "beach", "mountain", "bug", "fixed", "shipping", "tired", "happy",
            "launch", "meeting", "lunch", "snow", "city", "night", "podcast", "game", "chess", "bike", "review",
            "design", "scale", "cache");
    public static final List<String> HASHTAGS = List.of("chirp", "java", "springboot", "systemdesign", "music",
            "news", "football", "coffee", "travel", "photography", "kafka", "cassandra", "redis", "devops",
            "weekend", "food", "books", "movies", "gaming", "science", "art", "running", "cats", "dogs", "tech",
            "startup", "ai", "climate", "jazz", "sunset");

    private static final ZipfSampler TAGS = new ZipfSampler(HASHTAGS.size(), 1.1);

    private TweetTexts() {
    }

    /** Some words, then the mentions and hashtags; always within 280 code points for ≤ 6 mentions of ≤ 15 chars. */
    public static String compose(RandomGenerator random, List<String> mentionHandles, int hashtags) {
        StringBuilder text = new StringBuilder();
        int words = 4 + random.nextInt(10);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        for (String handle : mentionHandles) {
            text.append(" @").append(handle);
        }
        for (int i = 0; i < hashtags; i++) {
            text.append(" #").append(hashtag(random));
        }
        return text.toString();
    }

    public static String hashtag(RandomGenerator random) {
        return HASHTAGS.get(TAGS.sample(random) - 1);
    }
}
