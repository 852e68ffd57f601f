package dev.chirp.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

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
                new ChaosLoad.Outcome(31_000, "home", 200, 1_000));
        ChaosRun.Fault fault = new ChaosRun.Fault("one Cassandra node", "cassandra-3", 29_000, 49_000, 229_000,
                249_000, false);
        WriteAudit.Result audit = new WriteAudit.Result(List.of(new WriteAudit.Check("post in its author's user "
                + "timeline", 12, 0, List.of())), 3.0, 1);

        String md = ChaosReport.render(new ChaosReport.Data("./chirp chaos", Instant.EPOCH, plan, "abc", 10,
                List.of("http://127.0.0.1:8080"), outcomes, 250_000, ChaosRun.Window.of(outcomes, 0, 20_000),
                List.of(fault), new AckedWrites(), audit));

        assertThat(md).contains("| one Cassandra node | `cassandra-3` | 2 | 1 | 50.00 % |")
                .contains("| 1.0 | 180 (not ready: gave up) |")
                .contains("| post in its author's user timeline | 12 | 0 |")
                .contains("**0 acknowledged writes missing.**");
        assertThat(plan.down()).isEqualTo(Duration.ofSeconds(20));
    }
}
