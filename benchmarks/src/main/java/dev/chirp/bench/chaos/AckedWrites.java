package dev.chirp.bench.chaos;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every write the system acknowledged during a fault run (201, 200 or 204), with when: what the audit then looks
 * for everywhere it must be. A write that was answered with an error or not at all is not here: it may or may not
 * have taken effect, and the contract promises nothing about it.
 */
final class AckedWrites {

    /** A post the system accepted: by whom, and when the request was sent (a follow acknowledged before counts). */
    record Post(String id, int author, long sentMillis) {
    }

    record Like(int user, String tweetId) {
    }

    /** follower -> followee -> when the follow was acknowledged. */
    private final Map<Integer, Map<Integer, Long>> follows = new ConcurrentHashMap<>();
    private final Map<String, Post> posts = new ConcurrentHashMap<>();
    private final List<Post> postOrder = new CopyOnWriteArrayList<>();
    private final Set<Like> likes = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** Tweets a delete was sent for, acknowledged or not: likes and the audit of counts leave them alone. */
    private final Set<String> deleteSent = ConcurrentHashMap.newKeySet();

    void follow(int follower, int followee, long ackMillis) {
        follows.computeIfAbsent(follower, f -> new ConcurrentHashMap<>()).putIfAbsent(followee, ackMillis);
    }

    boolean follows(int follower, int followee) {
        return follows.getOrDefault(follower, Map.of()).containsKey(followee);
    }

    /** Followers whose follow was acknowledged before the post was sent: its home timeline audience. */
    List<Integer> audienceOf(Post post) {
        return follows.entrySet().stream()
                .filter(e -> {
                    Long at = e.getValue().get(post.author());
                    return at != null && at < post.sentMillis();
                })
                .map(Map.Entry::getKey)
                .toList();
    }

    Map<Integer, Map<Integer, Long>> follows() {
        return follows;
    }

    void post(Post post) {
        posts.put(post.id(), post);
        postOrder.add(post);
    }

    List<Post> posts() {
        return List.copyOf(postOrder);
    }

    Post post(String id) {
        return posts.get(id);
    }

    void like(int user, String tweetId) {
        likes.add(new Like(user, tweetId));
    }

    Set<Like> likes() {
        return Set.copyOf(likes);
    }

    void deleteSent(String tweetId) {
        deleteSent.add(tweetId);
    }

    void deleted(String tweetId) {
        deleted.add(tweetId);
    }

    boolean isDeleted(String tweetId) {
        return deleted.contains(tweetId);
    }

    boolean deleteWasSent(String tweetId) {
        return deleteSent.contains(tweetId);
    }

    Set<String> deleted() {
        return Set.copyOf(deleted);
    }

    /** A live post of someone else to like, or of the user to delete; none yet early in the run. */
    Optional<Post> pick(SplittableRandom random, int user, boolean own) {
        List<Post> all = postOrder;
        for (int attempt = 0; attempt < 20 && !all.isEmpty(); attempt++) {
            Post post = all.get(random.nextInt(all.size()));
            if ((post.author() == user) == own && !deleteSent.contains(post.id())) {
                return Optional.of(post);
            }
        }
        return Optional.empty();
    }
}
