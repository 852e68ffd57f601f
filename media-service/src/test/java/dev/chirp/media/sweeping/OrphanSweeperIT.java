package dev.chirp.media.sweeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.chirp.media.MediaServiceIT;
import dev.chirp.media.Multipart;
import dev.chirp.media.TestImages;
import dev.chirp.media.storage.ObjectKeys;
import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Objects that a crash mid-upload leaves without a row are deleted later; nothing else is. */
class OrphanSweeperIT extends MediaServiceIT {

    @Autowired
    OrphanSweeper sweeper;

    @Test
    void deletesOnlyOldObjectsThatNoRowPointsTo() throws Exception {
        String orphan = ObjectKeys.image(987_654_321L);
        String foreign = "elsewhere/readme.txt";
        put(orphan);
        put(foreign);
        TestHttp.Response upload = upload(new Multipart().file("file", "a.png", "image/png",
                TestImages.png(20, 20)), TestTokens.bearer(4004));
        assertThat(upload.status()).isEqualTo(201);
        Row row = cassandra.execute("SELECT object_key, thumbnail_key FROM media_by_id WHERE id = ?",
                Long.parseLong(upload.json().get("id").asString())).one();

        assertThat(sweeper.sweep(Instant.now())).as("too young to judge").isZero();
        assertThat(keys()).contains(orphan);

        assertThat(sweeper.sweep(Instant.now().plus(Duration.ofHours(2)))).isEqualTo(1);
        assertThat(keys()).doesNotContain(orphan)
                .contains(foreign, row.getString("object_key"), row.getString("thumbnail_key"));
    }

    private void put(String key) throws Exception {
        byte[] bytes = "left behind".getBytes();
        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private Set<String> keys() throws Exception {
        Set<String> keys = new HashSet<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
