package dev.chirp.bench;

/** Where the running system listens (launcher/README.md, "Ports"); {@code CHIRP_BENCH_HOST} overrides the host. */
public final class Endpoints {

    public static final String HOST = System.getenv().getOrDefault("CHIRP_BENCH_HOST", "127.0.0.1");
    public static final String GATEWAY = "http://" + HOST + ":8080";
    public static final String USER = "http://" + HOST + ":8081";
    public static final String TWEET = "http://" + HOST + ":8082";
    public static final String TIMELINE = "http://" + HOST + ":8083";
    public static final String SEARCH = "http://" + HOST + ":8084";
    public static final String MEDIA = "http://" + HOST + ":8085";
    public static final String REDIS_HOST = HOST;
    public static final int REDIS_PORT = 6379;
    public static final String KAFKA = HOST + ":9092";
    public static final String ELASTICSEARCH = "http://" + HOST + ":9200";
    /**
     * search-service's {@code chirp.search.index-prefix}, as the environment variable its relaxed binding reads; the
     * owner of the name is search-service ({@code SearchProperties}, {@code TweetIndex}), this copy of its default
     * and of {@code tweets} / {@code users} is checked against its sources by {@code SharedNamesTest}.
     */
    public static final String INDEX_PREFIX_VARIABLE = "CHIRP_SEARCH_INDEXPREFIX";
    public static final String DEFAULT_INDEX_PREFIX = "chirp-";
    public static final String TWEETS = "tweets";
    public static final String USERS = "users";
    /** The index search-service writes tweets to. */
    public static final String TWEET_INDEX = System.getenv().getOrDefault(INDEX_PREFIX_VARIABLE, DEFAULT_INDEX_PREFIX)
            + TWEETS;

    private Endpoints() {
    }
}
