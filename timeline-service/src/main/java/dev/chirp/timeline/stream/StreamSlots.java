package dev.chirp.timeline.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * Places for open streams on this instance: at most {@code perUser} for one user and {@code total} in all. A place
 * is taken before a stream opens and given back when it ends.
 */
final class StreamSlots {

    enum Outcome { TAKEN, USER_FULL, INSTANCE_FULL }

    private final int perUser;
    private final int total;
    private final Map<Long, Integer> byUser = new HashMap<>();
    private int taken;

    StreamSlots(int perUser, int total) {
        this.perUser = perUser;
        this.total = total;
    }

    synchronized Outcome take(long userId) {
        if (taken >= total) {
            return Outcome.INSTANCE_FULL;
        }
        int mine = byUser.getOrDefault(userId, 0);
        if (mine >= perUser) {
            return Outcome.USER_FULL;
        }
        byUser.put(userId, mine + 1);
        taken++;
        return Outcome.TAKEN;
    }

    synchronized void giveBack(long userId) {
        Integer mine = byUser.get(userId);
        if (mine == null) {
            return;
        }
        if (mine == 1) {
            byUser.remove(userId);
        } else {
            byUser.put(userId, mine - 1);
        }
        taken--;
    }

    synchronized int taken() {
        return taken;
    }
}
