package dev.chirp.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's walkthrough exactly as a reader would paste it: every {@code bash} block between the
 * walkthrough markers, in order, in one shell. The blocks check their own results ({@code jq -e}), so a
 * walkthrough that no longer matches the system fails here instead of misleading its reader.
 */
@Order(2)
class WalkthroughIT {

    static final Pattern BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    static List<String> walkthroughBlocks(String readme) {
        int start = readme.indexOf("<!-- walkthrough:start -->");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        assertThat(start).as("README.md has walkthrough markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        Matcher matcher = BLOCK.matcher(readme.substring(start, end));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @Test
    void theReadmeWalkthroughRunsVerbatim() throws IOException, InterruptedException {
        Path readme = Path.of(System.getProperty("chirp.e2e.readme", "../README.md"));
        List<String> blocks = walkthroughBlocks(Files.readString(readme));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);

        Path script = Files.createTempFile("chirp-walkthrough", ".sh");
        Path output = Files.createTempFile("chirp-walkthrough", ".log");
        try {
            Files.writeString(script, "set -euo pipefail\nset -x\n" + String.join("\n", blocks));
            ProcessBuilder bash = new ProcessBuilder("bash", script.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            bash.environment().put("CHIRP", Chirp.BASE);
            Process process = bash.start();
            boolean finished = process.waitFor(3, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(finished).as("walkthrough finished in 3 minutes:\n" + log).isTrue();
            assertThat(process.exitValue()).as("walkthrough exit code; its output:\n" + log).isZero();
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
        }
    }
}
