package dev.chirp.tweet;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Serialises, within this instance, the requests that race for one lightweight transaction (the same like edge,
 * the same Idempotency-Key). Cassandra's LWT alone decides the winner across instances; queueing the racers
 * here first keeps a burst of identical requests from piling onto one Paxos partition and timing out.
 */
@Component
public class KeyLocks {

    private final ReentrantLock[] stripes = new ReentrantLock[1024];

    KeyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    public <T> T withLock(Object key, Supplier<T> action) {
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
