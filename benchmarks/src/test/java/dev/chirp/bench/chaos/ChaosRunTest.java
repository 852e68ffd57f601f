package dev.chirp.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** The pure parts of the fault run: windows over outcomes, who must see a post, the plan's checks, the report. */
class ChaosRunTest {

    @Test
    void aWindowCountsFailuresAndTheLastOneOnlyInsideIt() {
        List<ChaosLoad.Outcome> outcomes = List.of(
                new ChaosLoad.Outcome(900, "home", 503, 1_000),      // before the window
                new ChaosLoad.Outcome(1_000, "home", 200, 2_000),
                new ChaosLoad.Outcome(1_500, "post", 503, 3_000),
                new ChaosLoad.Outcome(2_500, "post", -1, 5_000_000),  // no answer: a failure
                new ChaosLoad.Outcome(2_600, "home", 429, 1_000),    // a refusal, not a failure
                new ChaosLoad.Outcome(4_000, "home", 503, 1_000));   // after the window

        ChaosRun.Window window = ChaosRun.Window.of(outcomes, 1_000, 4_000);

        assertThat(window.requests()).isEqualTo(4);
        assertThat(window.failures()).isEqualTo(2);
        assertThat(window.errorRate()).isEqualTo(0.5);
        assertThat(window.lastFailureAt()).isEqualTo(2_500);
        assertThat(window.p99Millis()).isBetween(4_990.0, 5_010.0);
        assertThat(ChaosRun.Window.of(outcomes, 5_000, 6_000).lastFailureAt()).isEqualTo(-1);
        assertThat(window.failureKinds()).containsExactly(entry("post: 503", 1), entry("post: no answer", 1));
    }

    @Test
    void aFailureIsNamedByItsProblemDetailOrWhyNothingCame() {
        JsonMapper json = JsonMapper.builder().build();
        String longDetail = "x".repeat(80);

        assertThat(ChaosLoad.describe(503, json.readTree("{\"title\":\"Service Unavailable\","
                + "\"detail\":\"Cassandra is unavailable\"}"), null)).isEqualTo("503 Cassandra is unavailable");
        assertThat(ChaosLoad.describe(502, json.readTree("{\"title\":\"Bad Gateway\"}"), null))
                .isEqualTo("502 Bad Gateway");
        assertThat(ChaosLoad.describe(500, MissingNode.getInstance(), null)).isEqualTo("500");
        assertThat(ChaosLoad.describe(503, json.readTree("{\"detail\":\"" + longDetail + "\"}"), null))
                .hasSize(4 + 60).endsWith("...");
        assertThat(ChaosLoad.describe(-1, MissingNode.getInstance(),
                new CompletionException(new HttpTimeoutException("timed out")))).isEqualTo("no answer in 5 s");
        assertThat(ChaosLoad.describe(-1, MissingNode.getInstance(), new ConnectException("Connection refused")))
                .isEqualTo("connection refused");
    }

    @Test
    void aPostsAudienceIsWhoFollowedTheAuthorBeforeItWasSent() {
        AckedWrites writes = new AckedWrites();
        writes.follow(1, 0, 0);
        writes.follow(2, 0, 5_000);   // acknowledged after the post was sent: not owed it
        writes.follow(3, 4, 0);       // follows someone else
        AckedWrites.Post post = new AckedWrites.Post("42", 0, 4_000);

        assertThat(writes.audienceOf(post)).containsExactly(1);
    }

    @Test
    void aPostWhoseDeleteWasSentIsNeitherLikedNorDeletedAgain() {
        AckedWrites writes = new AckedWrites();
        writes.post(new AckedWrites.Post("1", 0, 10));
        writes.deleteSent("1");

        assertThat(writes.pick(new SplittableRandom(1), 1, false)).isEmpty();
        assertThat(writes.pick(new SplittableRandom(1), 0, true)).isEmpty();
    }

    @Test
    void thePlanRefusesUnknownFaultsAndEmptyRuns() {
        assertThat(ChaosRun.Plan.of(40, 20, 20, 20, "cassandra, redis").faults()).containsExactly("cassandra", "redis");
        assertThatThrownBy(() -> ChaosRun.Plan.of(40, 20, 20, 20, "cassandra,zookeeper"))
                .hasMessageContaining("zookeeper");
        assertThatThrownBy(() -> ChaosRun.Plan.of(5, 20, 20, 20, "redis")).hasMessageContaining("--users");
    }

    @Test
    void theReportNamesEachFaultAndSaysWhenARestartGaveUp() {
        ChaosRun.Plan plan = ChaosRun.Plan.of(10, 20, 20, 20, "cassandra");
        List<ChaosLoad.Outcome> outcomes = List.of(new ChaosLoad.Outcome(30_000, "home", 503, 1_000),
                new ChaosLoad.Outcome(100_000, "home", 200, 1_000));
        ChaosRun.Fault fault = new ChaosRun.Fault("one Cassandra node", "cassandra-3", 29_000, 49_000, 229_000,
                249_000, false);
        WriteAudit.Result audit = new WriteAudit.Result(List.of(new WriteAudit.Check("post in its author's user "
                + "timeline", 12, 0, List.of())), 3.0, 1);

        String md = ChaosReport.render(new ChaosReport.Data("./chirp chaos", Instant.EPOCH, plan, "abc", 10,
                List.of("http://127.0.0.1:8080"), outcomes, 250_000, ChaosRun.Window.of(outcomes, 0, 20_000),
                List.of(fault), new AckedWrites(), audit));

        assertThat(md).contains("| one Cassandra node | `cassandra-3` | 2 | 1 | 50.00 % |")
                .contains("| 100.00 % (1/1) | 0.00 % (0/1) | 0.00 % (0/0) | 1.0 | 180 (not ready: gave up) |")
                .contains("| post in its author's user timeline | 12 | 0 |")
                .contains("**0 acknowledged writes missing.**");
        assertThat(plan.down()).isEqualTo(Duration.ofSeconds(20));
        assertThat(md).contains("| one Cassandra node | home: 503 ×1 |");
    }

    @Test
    void aReportWrittenBeforeTheAuditSaysSo() {
        ChaosRun.Plan plan = ChaosRun.Plan.of(10, 20, 20, 20, "redis");
        String md = ChaosReport.render(new ChaosReport.Data("./chirp chaos", Instant.EPOCH, plan, "abc", 10,
                List.of("http://127.0.0.1:8080"), List.of(), 0, ChaosRun.Window.of(List.of(), 0, 20_000), List.of(),
                new AckedWrites(), null));

        assertThat(md).contains("Not run yet").doesNotContain("acknowledged writes missing");
    }
}
