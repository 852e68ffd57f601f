package dev.chirp.bench.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRebuildTest {

    @TempDir
    Path dir;

    private Path jar(String listenerConstant) throws IOException {
        Path jar = dir.resolve("search-service-" + listenerConstant.hashCode() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/dev/chirp/search/tweets/TweetIndexer.class"));
            zip.write(("\u0001\u0000<constant pool>" + listenerConstant + "<more>").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }

    @Test
    void onlyAJarWhoseListenersTakeTheGroupPrefixMayRebuild() throws IOException {
        // An older jar would join the serving instance's groups and commit offsets for it.
        assertThat(IndexRebuild.honoursGroupPrefix(jar("${chirp.search.consumer-group-prefix:}search-tweet-index")))
                .isTrue();
        assertThat(IndexRebuild.honoursGroupPrefix(jar("search-tweet-index"))).isFalse();
    }
}
