package dev.chirp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void readsValuesFlagsAndDefaults() {
        Options options = Options.parse(new String[] {"bench", "--quick", "--users", "1,000", "--out=x.md"}, 1,
                Set.of("quick"));
        assertThat(options.flag("quick")).isTrue();
        assertThat(options.integer("users", 5)).isEqualTo(1_000);
        assertThat(options.text("out", "y")).isEqualTo("x.md");
        assertThat(options.decimal("exponent", 1.5)).isEqualTo(1.5);
        options.rejectUnknown();
    }

    @Test
    void refusesMisspeltMissingAndMalformedOptions() {
        Options options = Options.parse(new String[] {"--user", "5"}, 0, Set.of());
        options.integer("users", 1);
        assertThatThrownBy(options::rejectUnknown).hasMessageContaining("--user");
        assertThatThrownBy(() -> Options.parse(new String[] {"--users"}, 0, Set.of())).hasMessageContaining("value");
        assertThatThrownBy(() -> Options.parse(new String[] {"users"}, 0, Set.of())).hasMessageContaining("unexpected");
        Options bad = Options.parse(new String[] {"--users", "many"}, 0, Set.of());
        assertThatThrownBy(() -> bad.integer("users", 1)).hasMessageContaining("whole number");
    }
}
