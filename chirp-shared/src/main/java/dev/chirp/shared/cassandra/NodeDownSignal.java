package dev.chirp.shared.cassandra;

import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the unlogged window ({@link LoggedBatches}) the moment this driver loses every connection to a node: a node
 * that crashed resets its connections at once, while the other nodes go on counting it alive for about 18 s, until
 * their failure detector convicts it. Without this, the first logged batch of each instance, and a third of its
 * counter updates, learnt of the dead node by waiting for it (2 s, and a counter's bound); in the fault run a follow
 * that met both went past a client's 5 s (docs/benchmarks-chaos.md). A node restarted on purpose, or a connection
 * lost under load, opens the window too: a few seconds of unlogged batches, each of whose writes still reaches a
 * quorum.
 */
final class NodeDownSignal implements NodeStateListener {

    private static final Logger log = LoggerFactory.getLogger(NodeDownSignal.class);

    private final LoggedBatches.BatchlogFallback fallback;

    NodeDownSignal(LoggedBatches.BatchlogFallback fallback) {
        this.fallback = fallback;
    }

    @Override
    public void onDown(Node node) {
        if (fallback.open()) {
            log.warn("Cassandra node {} is down to this driver: multi-partition batches go unlogged, and counter "
                    + "updates wait {} at most, for {}", node.getEndPoint(), CounterUpdates.TIMEOUT_WHILE_SUSPECT,
                    fallback.window());
        }
    }

    @Override
    public void onAdd(Node node) {
    }

    @Override
    public void onUp(Node node) {
    }

    @Override
    public void onRemove(Node node) {
    }

    @Override
    public void close() {
    }
}
