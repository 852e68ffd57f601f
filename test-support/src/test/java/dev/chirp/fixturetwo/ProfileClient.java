package dev.chirp.fixturetwo;

import org.springframework.web.client.RestClient;

/** Calls another service over HTTP and is named for it. */
class ProfileClient {

    private final RestClient users = RestClient.create("http://127.0.0.1:8081");

    String fetch(long id) {
        return users.get().uri("/internal/users?ids={id}", id).retrieve().body(String.class);
    }
}
