package dev.chirp.user.graph;

import java.util.List;

/**
 * One page of a follow list.
 *
 * @param userIds         the accounts, in list order
 * @param nextBeforeFollowId where the next page starts (exclusive); null on the last page
 */
public record FollowSlice(List<Long> userIds, Long nextBeforeFollowId) {
}
