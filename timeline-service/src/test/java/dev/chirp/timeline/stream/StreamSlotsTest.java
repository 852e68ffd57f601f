package dev.chirp.timeline.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamSlotsTest {

    @Test
    void aUserGetsAtMostTheirShareAndAGivenBackPlaceCanBeTakenAgain() {
        StreamSlots slots = new StreamSlots(2, 10);

        assertThat(slots.take(1)).isEqualTo(StreamSlots.Outcome.TAKEN);
        assertThat(slots.take(1)).isEqualTo(StreamSlots.Outcome.TAKEN);
        assertThat(slots.take(1)).isEqualTo(StreamSlots.Outcome.USER_FULL);
        assertThat(slots.take(2)).as("another user").isEqualTo(StreamSlots.Outcome.TAKEN);

        slots.giveBack(1);
        assertThat(slots.take(1)).isEqualTo(StreamSlots.Outcome.TAKEN);
        assertThat(slots.taken()).isEqualTo(3);
    }

    @Test
    void theInstanceIsFullAtItsTotalWhateverTheUsers() {
        StreamSlots slots = new StreamSlots(5, 3);
        for (long user = 1; user <= 3; user++) {
            assertThat(slots.take(user)).isEqualTo(StreamSlots.Outcome.TAKEN);
        }

        assertThat(slots.take(4)).isEqualTo(StreamSlots.Outcome.INSTANCE_FULL);
        slots.giveBack(2);
        assertThat(slots.take(4)).isEqualTo(StreamSlots.Outcome.TAKEN);
    }

    @Test
    void givingBackWhatWasNeverTakenChangesNothing() {
        StreamSlots slots = new StreamSlots(1, 1);
        slots.giveBack(7);

        assertThat(slots.taken()).isZero();
        assertThat(slots.take(7)).isEqualTo(StreamSlots.Outcome.TAKEN);
        assertThat(slots.take(8)).isEqualTo(StreamSlots.Outcome.INSTANCE_FULL);
    }
}
