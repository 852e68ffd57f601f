package dev.chirp.search.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.chirp.search.support.FakeSiblingServices.Lookup;
import dev.chirp.search.support.SearchITBase;
import dev.chirp.shared.event.UserSnapshot;
import dev.chirp.shared.event.UserUpdated;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserSearchIT extends SearchITBase {

    private static final Duration INDEXED = Duration.ofSeconds(15);

    private List<String> searchUsers(String q) {
        return ids(get("/api/v1/search/users?limit=100&q=" + encode(q)));
    }

    private static String id(UserSnapshot user) {
        return Long.toString(user.id());
    }

    @Test
    void aHandlePrefixFindsTheAccountAndTheExactHandleRanksFirst() {
        String m = marker();
        UserSnapshot longer = publishUser(m + "_fan", "Someone Else");
        UserSnapshot exact = publishUser(m, "The Original");

        await().atMost(INDEXED).untilAsserted(() ->
                assertThat(searchUsers(m)).containsExactly(id(exact), id(longer)));
        assertThat(searchUsers(m.substring(0, 6).toUpperCase())).containsExactlyInAnyOrder(id(exact), id(longer));
        assertThat(searchUsers("@" + m + "_f")).containsExactly(id(longer));
    }

    @Test
    void displayNamesMatchByWordAndByTheWordBeingTyped() {
        String m = marker();
        UserSnapshot zoe = publishUser("z" + m, "Zoë " + m + "lovelace");

        await().atMost(INDEXED).untilAsserted(() ->
                assertThat(searchUsers("zoë " + m + "lovelace")).containsExactly(id(zoe)));
        assertThat(searchUsers("ZOË " + m.substring(0, 5))).containsExactly(id(zoe));
    }

    @Test
    void anUpdatedDisplayNameReplacesTheOldOne() {
        String m = marker();
        UserSnapshot user = publishUser("r" + m, "Before" + m);
        await().atMost(INDEXED).untilAsserted(() -> assertThat(searchUsers("before" + m)).containsExactly(id(user)));

        UserSnapshot renamed = new UserSnapshot(user.id(), user.handle(), "After" + m, null, null, null,
                user.createdAt());
        SIBLINGS.putUser(renamed);
        publish(new UserUpdated(renamed));

        await().atMost(INDEXED).untilAsserted(() -> assertThat(searchUsers("after" + m)).containsExactly(id(user)));
        assertThat(searchUsers("before" + m)).isEmpty();
    }

    @Test
    void theViewerIsPassedToUserService() {
        String m = marker();
        UserSnapshot user = publishUser("v" + m, "Viewer Test");
        await().atMost(INDEXED).untilAsserted(() -> assertThat(searchUsers("v" + m)).containsExactly(id(user)));

        TestHttp.Response response = get("/api/v1/search/users?q=v" + m, TestTokens.bearer(77));

        assertThat(response.json().get("items").get(0).get("followed_by_me").asBoolean()).isFalse();
        assertThat(response.json().get("items").get(0).get("handle").asString()).isEqualTo("v" + m);
        assertThat(SIBLINGS.lookups()).filteredOn(lookup -> lookup.ids().contains(user.id()))
                .extracting(Lookup::path, Lookup::viewer).contains(org.assertj.core.groups.Tuple.tuple(
                        "/internal/users", 77L));
    }

    @Test
    void pagesOfUsersNeverRepeat() {
        String m = marker();
        for (int i = 0; i < 3; i++) {
            publishUser(m + "_" + i, "Pager");
        }
        await().atMost(INDEXED).untilAsserted(() -> assertThat(searchUsers(m)).hasSize(3));

        TestHttp.Response first = get("/api/v1/search/users?limit=2&q=" + m);
        TestHttp.Response second = get("/api/v1/search/users?limit=2&q=" + m + "&cursor="
                + first.json().get("next_cursor").asString());

        assertThat(ids(first)).hasSize(2).doesNotContainAnyElementsOf(ids(second));
        assertThat(ids(second)).hasSize(1);
        assertThat(second.json().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void injectionLookingInputIsJustText() {
        assertThat(searchUsers("*")).isEmpty();
        assertThat(searchUsers("{\"match_all\":{}}")).isEmpty();
        assertThat(searchUsers("' OR 1=1 --")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "q=", "q=%20"})
    void anEmptyQueryIsA400OnQ(String query) {
        TestHttp.Response response = get("/api/v1/search/users?" + query);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
    }

    @Test
    void anOverlongQueryIsA400OnQ() {
        TestHttp.Response response = get("/api/v1/search/users?q=" + "a".repeat(101));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("q");
    }

    @Test
    void aBadLimitIsA400OnLimit() {
        TestHttp.Response response = get("/api/v1/search/users?q=a&limit=500");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    }
}
