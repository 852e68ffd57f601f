package dev.chirp.shared.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.datastax.oss.driver.api.core.metadata.Node;
import dev.chirp.shared.cassandra.LoggedBatches.BatchlogFallback;
import org.junit.jupiter.api.Test;

/** A node this driver lost opens the unlogged window at once; a node coming back or added does not. */
class NodeDownSignalTest {

    private final AtomicLong now = new AtomicLong();
    private final BatchlogFallback fallback = new BatchlogFallback(Duration.ofSeconds(20), now::get);
    private final NodeDownSignal signal = new NodeDownSignal(fallback);
    private final Node node = mock(Node.class);

    @Test
    void aNodeDownOpensTheWindowForItsLength() {
        signal.onAdd(node);
        signal.onUp(node);
        assertThat(fallback.isOpen()).isFalse();

        signal.onDown(node);
        assertThat(fallback.isOpen()).isTrue();
        now.addAndGet(Duration.ofSeconds(19).toNanos());
        assertThat(fallback.isOpen()).isTrue();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(fallback.isOpen()).isFalse();
    }

    @Test
    void withTheFallbackSwitchedOffNothingOpens() {
        BatchlogFallback off = new BatchlogFallback(Duration.ZERO, now::get);
        new NodeDownSignal(off).onDown(node);
        assertThat(off.isOpen()).isFalse();
    }
}
