package dev.chirp.timeline.stream;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream and the events waiting to be written to it. Once the stream is open (its first comment is written
 * by the request's own thread: {@code StreamHub.open}), nobody writes to the client but its drain, which runs on a
 * sender thread and empties the queue; the heartbeat and the pub/sub listeners only queue. A write
 * blocks while the client does not read, so a slow client holds its own drain and nothing else; its queue then
 * fills up and {@link #offer} answers false: the client has fallen behind and is dropped.
 */
final class StreamConnection {

    final long userId;
    final SseEmitter emitter;
    final List<String> channels;
    /** Hears the messages of {@link #channels} ({@link StreamSubscriptions}). */
    final Consumer<String> listener;
    /** The close scheduled for when the token expires; cancelled when the stream ends first. */
    volatile Future<?> expiry;

    private final BlockingQueue<SseEmitter.SseEventBuilder> pending;
    private final Executor senders;
    private final Consumer<StreamConnection> onWriteFailure;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean completed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean finishing;
    /** {@link System#nanoTime()} when the write under way began; 0 while none is. */
    private volatile long writingSince;
    volatile long activeAt;

    StreamConnection(long userId, SseEmitter emitter, List<String> channels, BiConsumer<StreamConnection, String> route,
                     int queue, Executor senders, Consumer<StreamConnection> onWriteFailure) {
        this.userId = userId;
        this.emitter = emitter;
        this.channels = channels;
        this.listener = message -> route.accept(this, message);
        this.pending = new ArrayBlockingQueue<>(queue);
        this.senders = senders;
        this.onWriteFailure = onWriteFailure;
        this.activeAt = System.nanoTime();
    }

    /** Queues an event; false when the queue is full (the client fell behind). Never blocks. */
    boolean offer(SseEmitter.SseEventBuilder event) {
        if (finishing) {
            return true;
        }
        if (!pending.offer(event)) {
            return false;
        }
        scheduleDrain();
        return true;
    }

    /** Ends the response once the write under way (if any) is over; what is still queued is dropped. */
    void finish() {
        finishing = true;
        scheduleDrain();
    }

    /** True the first time only: the one caller that gets it releases what the stream holds. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    /** Whether a write has been under way for longer than this many nanoseconds. */
    boolean stalledLongerThan(long nanos) {
        long since = writingSince;
        return since != 0 && System.nanoTime() - since > nanos;
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            senders.execute(this::drain);
        }
    }

    private void drain() {
        try {
            while (true) {
                if (finishing) {
                    pending.clear();
                    if (completed.compareAndSet(false, true)) {
                        completeQuietly();
                    }
                    return;
                }
                SseEmitter.SseEventBuilder event = pending.poll();
                if (event == null) {
                    break;
                }
                writingSince = System.nanoTime();
                try {
                    emitter.send(event);
                } catch (IOException | IllegalStateException e) {
                    // The client went away (the container completes the request itself) or the stream ended.
                    completed.set(true);
                    finishing = true;
                    onWriteFailure.accept(this);
                    return;
                } finally {
                    writingSince = 0;
                }
            }
        } finally {
            draining.set(false);
        }
        // An event queued after the last poll but before draining was released would otherwise wait.
        if (!pending.isEmpty() || finishing) {
            scheduleDrain();
        }
    }

    private void completeQuietly() {
        try {
            emitter.complete();
        } catch (RuntimeException e) {
            // already completed by the container (client gone, timeout)
        }
    }
}
