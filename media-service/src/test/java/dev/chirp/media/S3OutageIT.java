package dev.chirp.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.chirp.testsupport.TestHttp;
import dev.chirp.testsupport.TestTokens;
import dev.chirp.testsupport.ThrowawayS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * S3 away and back, on a private s3proxy (the shared one on port 9000 is never touched): the service starts
 * without S3, answers uploads with 503 and writes nothing while S3 is down, and recovers by itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {MediaServiceApplication.class, MediaITBase.RunCleanup.class})
class S3OutageIT extends MediaITBase {

    private static final long OWNER = 3003;
    private static ThrowawayS3 privateS3;

    @DynamicPropertySource
    static void privateS3(DynamicPropertyRegistry registry) {
        isolate(registry, () -> privateS3().endpoint(), () -> privateS3().accessKey(),
                () -> privateS3().secretKey());
    }

    /** Launched once, and stopped before the service starts: the service must start without S3. */
    private static synchronized ThrowawayS3 privateS3() {
        if (privateS3 == null) {
            privateS3 = ThrowawayS3.launch();
            privateS3.stop();
        }
        return privateS3;
    }

    @AfterAll
    static void removePrivateS3() {
        privateS3().close();
    }

    @Test
    void uploadsFailWith503WhileS3IsDownAndWorkAgainWhenItReturns() {
        // Started while S3 was down: the service is live and answers.
        assertThat(get("/actuator/health/liveness").status()).isEqualTo(200);
        long rows = rows();

        assertUnavailable(uploadPhoto());
        assertThat(rows()).isEqualTo(rows);

        privateS3().start();
        await().atMost(Duration.ofSeconds(30)).until(() -> uploadPhoto().status() == 201);
        assertThat(stored()).isEqualTo(new Stored(2, rows + 1));

        privateS3().stop();
        assertUnavailable(uploadPhoto());
        assertThat(rows()).isEqualTo(rows + 1);

        privateS3().start();
        assertThat(stored()).as("no object was left behind by the refused upload").isEqualTo(new Stored(2, rows + 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> uploadPhoto().status() == 201);
        assertThat(stored()).isEqualTo(new Stored(4, rows + 2));
    }

    private TestHttp.Response uploadPhoto() {
        return upload(new Multipart().file("file", "a.jpg", "image/jpeg", TestImages.jpeg(300, 200)),
                TestTokens.bearer(OWNER));
    }

    private void assertUnavailable(TestHttp.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json().get("status").asInt()).isEqualTo(503);
    }

    private long rows() {
        return cassandra.execute("SELECT count(*) FROM media_by_id").one().getLong(0);
    }
}
