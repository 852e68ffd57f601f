package dev.chirp.bench.baseline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit and returns its output (stdout and stderr together). */
public final class Processes {

    public record Output(int exitCode, String text) {
    }

    private Processes() {
    }

    public static Output run(List<String> command, String stdin, Duration limit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // Read on another thread so a chatty process never blocks on a full pipe.
            StringBuilder text = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    text.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the process died; what was read is kept
                }
            });
            reader.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                reader.join(2_000);
                return new Output(-1, text + "\n(killed after " + limit.toSeconds() + " s)");
            }
            reader.join(5_000);
            return new Output(process.exitValue(), text.toString());
        } catch (IOException e) {
            return new Output(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output(-1, "interrupted");
        }
    }
}
