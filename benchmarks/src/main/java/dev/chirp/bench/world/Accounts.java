package dev.chirp.bench.world;

import java.time.Instant;
import java.util.Map;

import dev.chirp.bench.Endpoints;
import dev.chirp.bench.http.ChirpHttp;

/**
 * Gets a usable token for an account, creating the account when it does not exist. Signup and login go directly to
 * user-service (port 8081): through the gateway, its login rate limit (a few per minute per address) would make a
 * world of thousands of accounts take hours.
 */
public final class Accounts {

    private final ChirpHttp http;
    private final World world;

    public Accounts(ChirpHttp http, World world) {
        this.http = http;
        this.world = world;
    }

    /** Outcome of {@link #ensure}: the account and whether this call created it. */
    public record Ensured(SeededUser user, boolean created) {
    }

    public Ensured ensure(String handle, String displayName) {
        var known = world.get(handle);
        long now = Instant.now().getEpochSecond();
        if (known.isPresent() && known.get().tokenUsable(now)) {
            return new Ensured(known.get(), false);
        }
        Ensured opened = open(handle, displayName);
        SeededUser user = known.map(k -> opened.user().withMedia(k.mediaIds())).orElse(opened.user());
        world.put(user);
        return new Ensured(user, opened.created());
    }

    /**
     * Signs the account up, or logs in when it exists, without remembering it in the world file: for the
     * celebrity's hundred thousand followers, which are needed once, for their follow.
     */
    public Ensured open(String handle, String displayName) {
        long now = Instant.now().getEpochSecond();
        ChirpHttp.Reply reply = http.call("POST", Endpoints.USER + "/api/v1/auth/signup", null,
                Map.of("handle", handle, "email", SeedHandles.email(handle), "password", SeedHandles.PASSWORD,
                        "display_name", displayName), null);
        boolean created = reply.status() == 201;
        if (reply.status() == 409) {
            reply = http.call("POST", Endpoints.USER + "/api/v1/auth/login", null,
                    Map.of("login", handle, "password", SeedHandles.PASSWORD), null);
        }
        if (!reply.ok()) {
            throw reply.failure("signup/login of " + handle);
        }
        return new Ensured(new SeededUser(handle, reply.body().path("user").path("id").asString(),
                reply.text("access_token"), now + reply.body().path("expires_in").asLong(3600), null), created);
    }
}
