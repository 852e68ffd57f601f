package dev.chirp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import dev.chirp.bench.load.LatencyTimeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyChartTest {

    @Test
    void drawsAPngOfTheTimeline(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        LatencyTimeline timeline = new LatencyTimeline(0);
        for (int s = 0; s < 60; s++) {
            timeline.record("mix · home", s * 1_000_000_000L, 5_000 + s * 1_000);
            timeline.record("mix · post", s * 1_000_000_000L, 300_000);
        }
        timeline.span("mix", 0, 60_000_000_000L);
        Path file = dir.resolve("img/chart.png");
        LatencyChart.write(timeline, file);
        var image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(560);
    }
}
