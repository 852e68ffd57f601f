package dev.chirp.fixtureone;

import org.springframework.web.client.RestClient;

/** Calls another service over HTTP without saying so in its name. */
class TweetFetcher {

    private final RestClient tweets = RestClient.create("http://127.0.0.1:8082");

    String fetch(long id) {
        return tweets.get().uri("/internal/tweets?ids={id}", id).retrieve().body(String.class);
    }
}
