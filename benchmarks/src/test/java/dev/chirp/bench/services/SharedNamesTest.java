package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.chirp.bench.Endpoints;
import org.junit.jupiter.api.Test;

/**
 * The names the benchmarks address a service's storage by (Redis keys, index names, consumer groups, the settings
 * that change them) are owned by that service; the benchmarks hold a copy. Each copy is checked here against the
 * owner's main sources, wherever in them it is written (a moved or renamed class does not break the check, a changed
 * name does).
 */
class SharedNamesTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void tweetCacheKeysAreTweetServices() {
        String tweet = sources("tweet-service");
        assertThat(tweet).as("tweet-service's settings are chirp.tweet.*")
                .contains("@ConfigurationProperties(\"chirp.tweet\")");
        assertThat(tweet).as("chirp.tweet.cache.key-prefix and its default")
                .contains("Cache(@DefaultValue(\"" + TweetCacheKeys.DEFAULT_PREFIX + "\") String keyPrefix");
        assertThat(TweetCacheKeys.PREFIX_VARIABLE).isEqualTo(variable("chirp.tweet.cache.key-prefix"));
        assertThat(tweet).as("a body's key").contains("cache().keyPrefix() + \"" + TweetCacheKeys.BODY_PART + "\"");
    }

    @Test
    void searchIndexesAndGroupsAreSearchServices() {
        String search = sources("search-service");
        assertThat(search).contains("@ConfigurationProperties(\"chirp.search\")")
                .contains("@DefaultValue(\"" + Endpoints.DEFAULT_INDEX_PREFIX + "\") String indexPrefix")
                .contains("String consumerGroupPrefix")
                .contains("Trends(\n            @DefaultValue(\"chirp:trends:\") String keyPrefix")
                .contains("indexes.name(\"" + Endpoints.TWEETS + "\")")
                .contains("indexes.name(\"" + Endpoints.USERS + "\")");
        assertThat(Endpoints.INDEX_PREFIX_VARIABLE).isEqualTo(variable("chirp.search.index-prefix"));
        assertThat(IndexRebuild.GROUP_PREFIX_VARIABLE).isEqualTo(variable("chirp.search.consumer-group-prefix"));
        assertThat(IndexRebuild.TRENDS_PREFIX_VARIABLE).isEqualTo(variable("chirp.search.trends.key-prefix"));
        for (String group : IndexRebuild.GROUPS) {
            assertThat(search).as("a listener's consumer group")
                    .contains("groupId = \"" + IndexRebuild.GROUP_PREFIX_PLACEHOLDER + group + "\"");
        }
    }

    /** Spring Boot's relaxed binding: the environment variable that sets a property. */
    private static String variable(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** Every main Java source of a module, concatenated. */
    private static String sources(String module) {
        Path root = REPO.resolve(module).resolve("src/main/java");
        assertThat(root).as("run from the benchmarks module of the repository").isDirectory();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
            StringBuilder all = new StringBuilder();
            for (Path file : java) {
                all.append(Files.readString(file)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
