package dev.chirp.timeline.home;

import java.util.List;

import dev.chirp.timeline.RedisKeys;
import dev.chirp.timeline.TimelineProperties;
import org.springframework.stereotype.Component;

/**
 * Marks a user active the way a home read does: the home timeline's expiry moves to a full active window, and a
 * missing (or half-built) timeline is rebuilt. Fan-out only writes timelines that exist, so a user is reached by
 * new tweets exactly while this has happened within the window. The live stream calls it on open and while open.
 */
@Component
public class ActiveUsers {

    private final SortedIdSets sets;
    private final RedisKeys keys;
    private final HomeTimelineBuilder builder;
    private final TimelineProperties properties;

    ActiveUsers(SortedIdSets sets, RedisKeys keys, HomeTimelineBuilder builder, TimelineProperties properties) {
        this.sets = sets;
        this.keys = keys;
        this.builder = builder;
        this.properties = properties;
    }

    public void markActive(long userId) {
        if (sets.newest(List.of(keys.home(userId)), null, 0, properties.activeWindow()).get(0) == null) {
            builder.rebuild(userId);
        }
    }
}
