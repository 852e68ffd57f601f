package dev.chirp.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.testsupport.TestHttp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FollowIT extends UserITBase {

    @Test
    void followIsIdempotentAndCountsOnce() {
        TestUser ann = signup("fa_");
        TestUser bob = signup("fb_");

        for (int i = 0; i < 3; i++) {
            TestHttp.Response follow = call("PUT", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null);
            assertThat(follow.status()).isEqualTo(200);
            assertThat(follow.json().get("following").asBoolean()).isTrue();
        }
        JsonNode seenByAnn = get("/api/v1/users/@" + bob.handle(), ann.token()).json();
        assertThat(seenByAnn.get("followers_count").asLong()).isEqualTo(1);
        assertThat(seenByAnn.get("followed_by_me").asBoolean()).isTrue();
        assertThat(get("/api/v1/users/" + ann.id(), null).json().get("following_count").asLong()).isEqualTo(1);
        assertThat(get("/api/v1/users/" + bob.id(), null).json().get("followed_by_me").isNull()).isTrue();
        assertThat(ids(get("/api/v1/users/" + bob.id() + "/followers", null))).containsExactly(ann.id());
        assertThat(ids(get("/api/v1/users/@" + ann.handle() + "/following", null))).containsExactly(bob.id());

        for (int i = 0; i < 3; i++) {
            TestHttp.Response unfollow = call("DELETE", "/api/v1/users/@" + bob.handle() + "/follow", ann.token(),
                    null);
            assertThat(unfollow.status()).isEqualTo(200);
            assertThat(unfollow.json().get("following").asBoolean()).isFalse();
        }
        assertThat(get("/api/v1/users/" + bob.id(), ann.token()).json().get("followers_count").asLong()).isZero();
        assertThat(get("/api/v1/users/" + bob.id(), ann.token()).json().get("followed_by_me").asBoolean()).isFalse();
        assertThat(ids(get("/api/v1/users/" + bob.id() + "/followers", null))).isEmpty();
    }

    @Test
    void badFollowsAreRefusedAndWriteNothing() {
        TestUser ann = signup("fc_");
        long edges = countRows("follow_edges");
        assertProblem(call("PUT", "/api/v1/users/" + ann.id() + "/follow", ann.token(), null), 400);
        assertProblem(call("PUT", "/api/v1/users/@" + ann.handle() + "/follow", ann.token(), null), 400);
        assertProblem(call("PUT", "/api/v1/users/999999999999/follow", ann.token(), null), 404);
        assertProblem(call("PUT", "/api/v1/users/@nobody_here_x/follow", ann.token(), null), 404);
        assertProblem(call("PUT", "/api/v1/users/'%20OR%201=1/follow", ann.token(), null), 404);
        assertProblem(call("PUT", "/api/v1/users/" + ann.id() + "/follow", null, null), 401);
        assertProblem(call("PUT", "/api/v1/users/" + ann.id() + "/follow",
                dev.chirp.testsupport.TestTokens.token(ann.id()), null), 401);
        assertProblem(get("/api/v1/users/999999999999/followers", null), 404);
        assertProblem(get("/api/v1/users/" + ann.id() + "/followers?limit=0", null), 400);
        assertProblem(get("/api/v1/users/" + ann.id() + "/followers?limit=101", null), 400);
        assertProblem(get("/api/v1/users/" + ann.id() + "/following?limit=abc", null), 400);
        assertProblem(get("/api/v1/users/" + ann.id() + "/followers?cursor=garbage!", null), 400);
        assertProblem(get("/api/v1/users/" + ann.id() + "/following?cursor=YzF4", null), 400);
        assertProblem(get("/api/v1/users/me/suggestions?limit=0", ann.token()), 400);
        assertProblem(get("/api/v1/users/me/suggestions?limit=101", ann.token()), 400);
        assertProblem(get("/api/v1/users/me/suggestions", null), 401);
        assertThat(countRows("follow_edges")).isEqualTo(edges);
    }

    @Test
    void aThousandInterleavedFollowsAndUnfollowsLeaveExactCountsAndLists() throws Exception {
        List<TestUser> followers = new ArrayList<>();
        List<TestUser> followees = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            followers.add(signup("mf_"));
        }
        for (int i = 0; i < 3; i++) {
            followees.add(signup("me_"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> calls = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            TestUser from = followers.get(random.nextInt(followers.size()));
            TestUser to = followees.get(random.nextInt(followees.size()));
            String method = random.nextBoolean() ? "PUT" : "DELETE";
            calls.add(pool.submit(() -> call(method, "/api/v1/users/" + to.id() + "/follow", from.token(), null)
                    .status()));
        }
        for (Future<Integer> call : calls) {
            assertThat(call.get(2, TimeUnit.MINUTES)).isEqualTo(200);
        }
        pool.shutdown();

        // The concurrent phase must leave counts, lists and edges agreeing with each other...
        assertGraphConsistent(followers, followees);
        // ...and a known last call per pair must leave a known state.
        Map<Long, Integer> expectedFollowers = new java.util.HashMap<>();
        for (int f = 0; f < followers.size(); f++) {
            for (int e = 0; e < followees.size(); e++) {
                boolean follow = (f + e) % 2 == 0;
                call(follow ? "PUT" : "DELETE", "/api/v1/users/" + followees.get(e).id() + "/follow",
                        followers.get(f).token(), null);
                if (follow) {
                    expectedFollowers.merge(followees.get(e).id(), 1, Integer::sum);
                }
            }
        }
        for (TestUser followee : followees) {
            assertThat(get("/api/v1/users/" + followee.id(), null).json().get("followers_count").asLong())
                    .isEqualTo(expectedFollowers.getOrDefault(followee.id(), 0).longValue());
        }
        assertGraphConsistent(followers, followees);
    }

    private void assertGraphConsistent(List<TestUser> followers, List<TestUser> followees) {
        for (TestUser followee : followees) {
            Set<Long> edges = new HashSet<>();
            for (TestUser follower : followers) {
                Row edge = session.execute("SELECT follow_id FROM follow_edges WHERE follower_id = ? AND followee_id = ?",
                        follower.id(), followee.id()).one();
                if (edge != null) {
                    edges.add(follower.id());
                }
            }
            List<Long> listed = ids(get("/api/v1/users/" + followee.id() + "/followers?limit=100", null));
            assertThat(listed).doesNotHaveDuplicates();
            assertThat(new HashSet<>(listed)).isEqualTo(edges);
            assertThat(get("/api/v1/users/" + followee.id(), null).json().get("followers_count").asLong())
                    .isEqualTo(edges.size());
        }
        for (TestUser follower : followers) {
            List<Long> listed = ids(get("/api/v1/users/" + follower.id() + "/following?limit=100", null));
            assertThat(listed).doesNotHaveDuplicates();
            long edges = session.execute("SELECT count(*) FROM follow_edges WHERE follower_id = ?", follower.id())
                    .one().getLong(0);
            assertThat(listed).hasSize((int) edges);
            assertThat(get("/api/v1/users/" + follower.id(), null).json().get("following_count").asLong())
                    .isEqualTo(edges);
        }
    }

    @Test
    void pagesNeitherRepeatNorSkipWhileOthersFollow() throws Exception {
        TestUser star = signup("st_");
        List<TestUser> early = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            TestUser fan = signup("ef_");
            early.add(fan);
            assertThat(call("PUT", "/api/v1/users/" + star.id() + "/follow", fan.token(), null).status())
                    .isEqualTo(200);
        }
        List<TestUser> late = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            late.add(signup("lf_"));
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            for (TestUser fan : late) {
                call("PUT", "/api/v1/users/" + star.id() + "/follow", fan.token(), null);
            }
        });
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            TestHttp.Response page = get("/api/v1/users/" + star.id() + "/followers?limit=4"
                    + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(4);
            seen.addAll(ids(page));
            cursor = page.textOf("next_cursor");
        } while (cursor != null);
        writes.get(1, TimeUnit.MINUTES);
        writer.shutdown();

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(early.stream().map(TestUser::id).toList());
        // most recent first: the early fans appear in reverse order of following
        List<Long> earlyOrder = seen.stream().filter(id -> early.stream().anyMatch(f -> f.id() == id)).toList();
        List<Long> expected = new ArrayList<>(early.stream().map(TestUser::id).toList());
        java.util.Collections.reverse(expected);
        assertThat(earlyOrder).isEqualTo(expected);
    }

    @Test
    void suggestionsAreFriendsOfFriendsThenPopularAccounts() {
        TestUser me = signup("sg_");
        TestUser friendA = signup("sa_");
        TestUser friendB = signup("sb_");
        TestUser both = signup("s2_");
        TestUser one = signup("s1_");
        TestUser popular = signup("sp_");
        follow(me, friendA);
        follow(me, friendB);
        follow(friendA, both);
        follow(friendB, both);
        follow(friendA, one);
        follow(friendA, me);
        for (TestUser fan : List.of(signup("pf_"), signup("pf_"), signup("pf_"))) {
            follow(fan, popular);
        }

        TestHttp.Response suggestions = get("/api/v1/users/me/suggestions?limit=3", me.token());
        assertThat(suggestions.status()).isEqualTo(200);
        List<Long> ids = ids(suggestions);
        assertThat(ids).hasSize(3);
        assertThat(ids.subList(0, 2)).containsExactly(both.id(), one.id());
        assertThat(ids).doesNotContain(me.id(), friendA.id(), friendB.id());
        assertThat(suggestions.json().get("next_cursor").isNull()).isTrue();

        // then the most-followed accounts (other tests' accounts share the keyspace): most followers first
        TestHttp.Response defaults = get("/api/v1/users/me/suggestions", me.token());
        List<Long> all = ids(defaults);
        assertThat(all).hasSizeLessThanOrEqualTo(10).doesNotContain(me.id(), friendA.id(), friendB.id())
                .doesNotHaveDuplicates();
        assertThat(all.subList(0, 2)).containsExactly(both.id(), one.id());
        List<Long> popularCounts = new ArrayList<>();
        defaults.json().get("items").forEach(item -> popularCounts.add(item.get("followers_count").asLong()));
        List<Long> afterFriends = popularCounts.subList(2, popularCounts.size());
        assertThat(afterFriends).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(all.contains(popular.id()) || afterFriends.get(afterFriends.size() - 1) >= 3).isTrue();
    }

    @Test
    void followsAndAccountsArePublishedAsEvents() {
        TestUser ann = signup("ev_");
        TestUser bob = signup("ev_");
        follow(ann, bob);
        call("DELETE", "/api/v1/users/" + bob.id() + "/follow", ann.token(), null);
        assertThat(call("PATCH", "/api/v1/users/me", bob.token(), json(Map.of("bio", "hello"))).status())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> events = events();
            assertThat(events).anySatisfy(event -> {
                assertThat(event.topic()).isEqualTo(TOPICS + "users");
                assertThat(event.key()).isEqualTo(Long.toString(bob.id()));
                JsonNode envelope = JSON.readTree(event.value());
                assertThat(envelope.get("type").asString()).isEqualTo("UserCreated");
                assertThat(envelope.get("payload").get("user").get("handle").asString()).isEqualTo(bob.handle());
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event.topic()).isEqualTo(TOPICS + "follows");
                assertThat(event.key()).isEqualTo(Long.toString(bob.id()));
                JsonNode envelope = JSON.readTree(event.value());
                assertThat(envelope.get("type").asString()).isEqualTo("UserFollowed");
                assertThat(envelope.get("payload").get("follower_id").asLong()).isEqualTo(ann.id());
                assertThat(envelope.get("payload").get("followee_followers").asLong()).isEqualTo(1);
            });
            assertThat(events).anySatisfy(event -> {
                JsonNode envelope = JSON.readTree(event.value());
                assertThat(envelope.get("type").asString()).isEqualTo("UserUnfollowed");
                assertThat(envelope.get("payload").get("followee_id").asLong()).isEqualTo(bob.id());
                assertThat(envelope.get("payload").get("followee_followers").asLong()).isZero();
            });
            assertThat(events).anySatisfy(event -> {
                assertThat(event.key()).isEqualTo(Long.toString(bob.id()));
                JsonNode envelope = JSON.readTree(event.value());
                assertThat(envelope.get("type").asString()).isEqualTo("UserUpdated");
                assertThat(envelope.get("payload").get("user").get("bio").asString()).isEqualTo("hello");
            });
        });
    }

    private void follow(TestUser from, TestUser to) {
        assertThat(call("PUT", "/api/v1/users/" + to.id() + "/follow", from.token(), null).status()).isEqualTo(200);
    }

    static List<Long> ids(TestHttp.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(Long.parseLong(item.get("id").asString())));
        return ids;
    }
}
