package dev.chirp.bench.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated blocks of {@code docs/benchmarks-services.md}, one per service module: everything between
 * {@code <!-- bench:<module>:start -->} and {@code <!-- bench:<module>:end -->} belongs to the bench and is replaced on
 * every run; everything else on the page (its hand-written header, the other services' blocks) is kept byte for
 * byte. A page without a module's markers gets them, in a {@code ## <module>} section appended at its end. The
 * module READMEs only link to their section: figures live on the benchmark pages, not in the READMEs.
 */
final class ReadmeBlock {

    private ReadmeBlock() {
    }

    static String start(String module) {
        return "<!-- bench:" + module + ":start -->";
    }

    static String end(String module) {
        return "<!-- bench:" + module + ":end -->";
    }

    static String replace(String page, String module, String block) {
        String startMarker = start(module);
        String endMarker = end(module);
        int start = page.indexOf(startMarker);
        int end = page.indexOf(endMarker);
        String body = "\n" + block.strip() + "\n";
        if (start >= 0 && end > start && page.indexOf(startMarker, start + 1) < 0
                && page.indexOf(endMarker, end + 1) < 0) {
            return page.substring(0, start + startMarker.length()) + body + page.substring(end);
        }
        if (start >= 0 || end >= 0) {
            throw new IllegalStateException("the page's bench markers of " + module + " are out of order or "
                    + "repeated: fix them by hand (one " + startMarker + " before one " + endMarker + ")");
        }
        return page.stripTrailing() + "\n\n## " + module + "\n\n" + startMarker + body + endMarker + "\n";
    }

    static void rewrite(Path page, String module, String block) {
        try {
            Files.writeString(page, replace(Files.readString(page), module, block));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
