package dev.chirp.bench.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated part of a module's README: everything between {@link #START} and {@link #END} belongs to the
 * bench and is replaced on every run; everything else is the module's own text and is kept byte for byte. A README
 * without the markers gets them, in a {@code ## Benchmark} section appended at its end.
 */
final class ReadmeBlock {

    static final String START = "<!-- bench:start -->";
    static final String END = "<!-- bench:end -->";

    private ReadmeBlock() {
    }

    static String replace(String readme, String block) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        String body = "\n" + block.strip() + "\n";
        if (start >= 0 && end > start && readme.indexOf(START, start + 1) < 0) {
            return readme.substring(0, start + START.length()) + body + readme.substring(end);
        }
        if (start >= 0 || end >= 0) {
            throw new IllegalStateException("the README's bench markers are out of order or repeated: fix them by "
                    + "hand (one " + START + " before one " + END + ")");
        }
        return readme.stripTrailing() + "\n\n## Benchmark\n\n" + START + body + END + "\n";
    }

    static void rewrite(Path readme, String block) {
        try {
            Files.writeString(readme, replace(Files.readString(readme), block));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
