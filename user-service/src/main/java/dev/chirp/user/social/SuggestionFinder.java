package dev.chirp.user.social;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.chirp.user.counts.Counts;
import dev.chirp.user.counts.UserCounts;
import dev.chirp.user.graph.FollowStore;
import org.springframework.stereotype.Component;

/**
 * Whom to follow: friends of friends, ranked by how many of the caller's followees follow them (ties: more
 * followers first), then the most-followed accounts. Never the caller nor someone the caller already follows.
 * Reads are bounded: the newest {@value #FOLLOWEES_SAMPLED} followees and {@value #PER_FOLLOWEE} of each one's
 * followees.
 */
@Component
class SuggestionFinder {

    static final int FOLLOWEES_SAMPLED = 50;
    static final int PER_FOLLOWEE = 100;

    private final FollowStore graph;
    private final UserCounts counts;

    SuggestionFinder(FollowStore graph, UserCounts counts) {
        this.graph = graph;
        this.counts = counts;
    }

    List<Long> forUser(long userId, int limit) {
        Map<Long, Integer> votes = new HashMap<>();
        for (Long followee : graph.following(userId, null, FOLLOWEES_SAMPLED).userIds()) {
            for (Long candidate : graph.following(followee, null, PER_FOLLOWEE).userIds()) {
                votes.merge(candidate, 1, Integer::sum);
            }
        }
        List<Long> friendsOfFriends = rank(eligible(userId, votes.keySet()), votes);
        Set<Long> chosen = new LinkedHashSet<>(friendsOfFriends.subList(0, Math.min(limit, friendsOfFriends.size())));
        if (chosen.size() < limit) {
            List<Long> popular = graph.popularCandidates(limit * 5 + 50);
            popular.removeAll(chosen);
            for (Long id : rank(eligible(userId, popular), Map.of())) {
                if (chosen.size() == limit) {
                    break;
                }
                chosen.add(id);
            }
        }
        return List.copyOf(chosen);
    }

    private List<Long> eligible(long userId, Collection<Long> candidates) {
        List<Long> left = new ArrayList<>(new LinkedHashSet<>(candidates));
        left.remove(userId);
        left.removeAll(graph.followedAmong(userId, left));
        return left;
    }

    /** By votes (most first), then followers (most first), then ID for a stable order. */
    private List<Long> rank(List<Long> candidates, Map<Long, Integer> votes) {
        Map<Long, Counts> countsById = counts.of(candidates);
        List<Long> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.<Long>comparingInt(id -> -votes.getOrDefault(id, 0))
                .thenComparingLong(id -> -countsById.get(id).followers())
                .thenComparingLong(id -> id));
        return ranked;
    }
}
