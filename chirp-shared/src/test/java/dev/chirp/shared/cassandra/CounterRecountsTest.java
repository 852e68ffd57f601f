package dev.chirp.shared.cassandra;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.chirp.shared.cassandra.CounterRecounts.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CounterRecountsTest {

    @Test
    void aRightCounterLeavesTheList() {
        FakeCounter counter = new FakeCounter(3, 3);
        assertThat(CounterRecounts.recount(counter, 1)).isEqualTo(Outcome.MATCHED);
        assertThat(counter.moves).isEmpty();
    }

    @Test
    void aCounterOneShortIsMovedByTheDifferenceThenMatches() {
        FakeCounter counter = new FakeCounter(0, 1);
        assertThat(CounterRecounts.recount(counter, 1)).isEqualTo(Outcome.CORRECTED);
        assertThat(counter.moves).containsExactly(1L);
        assertThat(CounterRecounts.recount(counter, 1)).isEqualTo(Outcome.MATCHED);
    }

    @Test
    void aCounterTooHighIsMovedDown() {
        FakeCounter counter = new FakeCounter(5, 2);
        assertThat(CounterRecounts.recount(counter, 1)).isEqualTo(Outcome.CORRECTED);
        assertThat(counter.moves).containsExactly(-3L);
    }

    @Test
    void aCounterThatMovesWhileItsRowsAreCountedIsLeftForTheNextPass() {
        FakeCounter counter = new FakeCounter(4, 4);
        // a like lands between the two reads of the counter
        counter.storedReads.add(4L);
        counter.storedReads.add(5L);
        assertThat(CounterRecounts.recount(counter, 1)).isEqualTo(Outcome.BUSY);
        assertThat(counter.moves).isEmpty();
    }

    /** A counter and the rows it counts, in memory. */
    private static final class FakeCounter implements CounterRecounts.Recount {
        private long stored;
        private final long rows;
        private final Deque<Long> storedReads = new ArrayDeque<>();
        private final List<Long> moves = new ArrayList<>();

        FakeCounter(long stored, long rows) {
            this.stored = stored;
            this.rows = rows;
        }

        @Override
        public String counter() {
            return "like_count";
        }

        @Override
        public long stored(long id) {
            return storedReads.isEmpty() ? stored : storedReads.poll();
        }

        @Override
        public long counted(long id) {
            return rows;
        }

        @Override
        public void add(long id, long delta) {
            moves.add(delta);
            stored += delta;
        }
    }
}
