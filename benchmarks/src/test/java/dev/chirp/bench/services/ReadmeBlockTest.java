package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeBlockTest {

    private static final String README = "# user-service\n\nOwns accounts.\n\n## Run and test\n\n```\n./mvnw\n```\n";

    @Test
    void aReadmeWithoutMarkersGetsABenchmarkSectionAtItsEnd() {
        String once = ReadmeBlock.replace(README, "| a | b |\n");
        assertThat(once).isEqualTo(README + "\n## Benchmark\n\n<!-- bench:start -->\n| a | b |\n<!-- bench:end -->\n");
    }

    @Test
    void onlyTheTextBetweenTheMarkersIsReplaced() {
        String before = "# x\n\nintro\n\n## Benchmark\n\nhand-written lead-in\n\n<!-- bench:start -->\nold numbers\n"
                + "<!-- bench:end -->\n\n## Later section\n\nkept\n";
        String after = ReadmeBlock.replace(before, "new numbers");
        assertThat(after).isEqualTo("# x\n\nintro\n\n## Benchmark\n\nhand-written lead-in\n\n<!-- bench:start -->\n"
                + "new numbers\n<!-- bench:end -->\n\n## Later section\n\nkept\n");
    }

    @Test
    void rewritingTwiceWithTheSameBlockChangesNothingMore() {
        String once = ReadmeBlock.replace(README, "block");
        assertThat(ReadmeBlock.replace(once, "block")).isEqualTo(once);
        assertThat(ReadmeBlock.replace(ReadmeBlock.replace(once, "other"), "block")).isEqualTo(once);
    }

    @Test
    void brokenMarkersAreRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> ReadmeBlock.replace("a\n<!-- bench:end -->\nb\n<!-- bench:start -->\n", "x"))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> ReadmeBlock.replace("a\n<!-- bench:start -->\nb\n", "x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReadmeBlock.replace("<!-- bench:start -->\n<!-- bench:start -->\n"
                + "<!-- bench:end -->\n", "x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rewritesTheFileInPlace(@TempDir Path dir) throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, README);
        ReadmeBlock.rewrite(readme, "first");
        ReadmeBlock.rewrite(readme, "second");
        assertThat(Files.readString(readme)).startsWith(README.stripTrailing())
                .endsWith("<!-- bench:start -->\nsecond\n<!-- bench:end -->\n").doesNotContain("first");
    }
}
