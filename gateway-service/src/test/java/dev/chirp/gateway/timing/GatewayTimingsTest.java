package dev.chirp.gateway.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayTimingsTest {

    private static final long MS = 1_000_000;

    @Test
    void eachStepIsTheTimeBetweenItsMarks() {
        GatewayTimings timings = new GatewayTimings(100 * MS);
        timings.afterToken(101 * MS + MS / 2);
        timings.afterRateLimit(103 * MS);
        timings.upstreamStart(104 * MS, "127.0.0.1:8083 (route timeline)");

        assertThat(timings.header(120 * MS)).isEqualTo(
                "gateway-auth;dur=1.50;desc=\"gateway: token check\", "
                        + "gateway-ratelimit;dur=1.50;desc=\"gateway: rate limit (Redis)\", "
                        + "gateway-upstream;dur=16.00;desc=\"gateway: call to 127.0.0.1:8083 (route timeline)\", "
                        + "gateway-total;dur=20.00;desc=\"gateway: total\"");
    }

    @Test
    void stepsNotReachedAreLeftOut() {
        GatewayTimings timings = new GatewayTimings(0);
        timings.afterToken(2 * MS);

        assertThat(timings.header(3 * MS)).isEqualTo(
                "gateway-auth;dur=2.00;desc=\"gateway: token check\", gateway-total;dur=3.00;desc=\"gateway: total\"");
    }

    @Test
    void durationsAreMillisecondsRoundedHalfUpToTwoDecimals() {
        assertThat(total(0)).isEqualTo("gateway-total;dur=0.00;desc=\"gateway: total\"");
        assertThat(total(4_999)).startsWith("gateway-total;dur=0.00;");
        assertThat(total(5_000)).startsWith("gateway-total;dur=0.01;");
        assertThat(total(MS + 94_999)).startsWith("gateway-total;dur=1.09;");
        assertThat(total(MS + 95_000)).startsWith("gateway-total;dur=1.10;");
        assertThat(total(123_456_789)).startsWith("gateway-total;dur=123.46;");
    }

    @Test
    void aQuoteInADescriptionCannotEndIt() {
        GatewayTimings timings = new GatewayTimings(0);
        timings.upstreamStart(0, "a\"b");

        assertThat(timings.header(MS)).startsWith("gateway-upstream;dur=1.00;desc=\"gateway: call to a'b\", ");
    }

    private static String total(long nanos) {
        return new GatewayTimings(0).header(nanos);
    }
}
