package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeBlockTest {

    private static final String PAGE = "# Benchmarks of each service\n\nHand-written header.\n";

    @Test
    void aPageWithoutTheModulesMarkersGetsASectionAtItsEnd() {
        String once = ReadmeBlock.replace(PAGE, "user-service", "| a | b |\n");
        assertThat(once).isEqualTo(PAGE + "\n## user-service\n\n<!-- bench:user-service:start -->\n| a | b |\n"
                + "<!-- bench:user-service:end -->\n");
    }

    @Test
    void onlyTheTextBetweenTheModulesMarkersIsReplaced() {
        String before = "# x\n\nintro\n\n## user-service\n\nlead-in\n\n<!-- bench:user-service:start -->\nold\n"
                + "<!-- bench:user-service:end -->\n\n## tweet-service\n\n<!-- bench:tweet-service:start -->\nkept\n"
                + "<!-- bench:tweet-service:end -->\n";
        String after = ReadmeBlock.replace(before, "user-service", "new numbers");
        assertThat(after).isEqualTo(before.replace("\nold\n", "\nnew numbers\n"));
    }

    @Test
    void rewritingTwiceWithTheSameBlockChangesNothingMore() {
        String once = ReadmeBlock.replace(PAGE, "media-service", "block");
        assertThat(ReadmeBlock.replace(once, "media-service", "block")).isEqualTo(once);
        assertThat(ReadmeBlock.replace(ReadmeBlock.replace(once, "media-service", "other"), "media-service", "block"))
                .isEqualTo(once);
    }

    @Test
    void brokenMarkersAreRefusedRatherThanGuessed() {
        String start = ReadmeBlock.start("gateway-service");
        String end = ReadmeBlock.end("gateway-service");
        assertThatThrownBy(() -> ReadmeBlock.replace("a\n" + end + "\nb\n" + start + "\n", "gateway-service", "x"))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> ReadmeBlock.replace("a\n" + start + "\nb\n", "gateway-service", "x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReadmeBlock.replace(start + "\n" + start + "\n" + end + "\n", "gateway-service", "x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rewritesTheFileInPlace(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("benchmarks-services.md");
        Files.writeString(page, PAGE);
        ReadmeBlock.rewrite(page, "search-service", "first");
        ReadmeBlock.rewrite(page, "search-service", "second");
        assertThat(Files.readString(page)).startsWith(PAGE.stripTrailing())
                .endsWith("<!-- bench:search-service:start -->\nsecond\n<!-- bench:search-service:end -->\n")
                .doesNotContain("first");
    }
}
