package dev.chirp.bench.services;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.chirp.bench.Endpoints;

/**
 * tweet-service's Redis cache of tweet bodies ({@code <prefix>body:<id>}, tweet-service README "Redis"): which of
 * some tweets are cached, and removing them. Only the keys of the given tweets are touched; a removed body loses
 * nothing (the next read fills it from Cassandra). One connection speaking RESP directly: the uncached lookups remove
 * keys several times a second, too often to start a {@code redis-cli} each time.
 */
final class TweetCacheKeys implements AutoCloseable {

    /** The prefix tweet-service is configured with: the same variable, the same default. */
    private static final String BODY = System.getenv().getOrDefault("CHIRP_TWEET_CACHE_KEYPREFIX", "chirp:tweet:")
            + "body:";
    private static final int PER_COMMAND = 1_000;

    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    TweetCacheKeys() {
        try {
            socket.connect(new InetSocketAddress(Endpoints.REDIS_HOST, Endpoints.REDIS_PORT), 2_000);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + Endpoints.REDIS_HOST + ":" + Endpoints.REDIS_PORT, e);
        }
    }

    static String keyPattern() {
        return BODY + "<id>";
    }

    /** Removes the cached bodies of these tweets; returns how many were cached. */
    synchronized long remove(List<String> tweetIds) {
        return perBatch("UNLINK", tweetIds);
    }

    /** How many of these tweets have a cached body. */
    synchronized long cached(List<String> tweetIds) {
        return perBatch("EXISTS", tweetIds);
    }

    private long perBatch(String command, List<String> tweetIds) {
        long total = 0;
        for (int from = 0; from < tweetIds.size(); from += PER_COMMAND) {
            total += integerCommand(command, tweetIds.subList(from, Math.min(tweetIds.size(), from + PER_COMMAND)));
        }
        return total;
    }

    /** Sends {@code command key…} as a RESP array and reads its integer reply. */
    private long integerCommand(String command, List<String> tweetIds) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "*" + (tweetIds.size() + 1) + "\r\n");
        bulk(request, command);
        tweetIds.forEach(id -> bulk(request, BODY + id));
        try {
            out.write(request.toByteArray());
            out.flush();
            int type = in.read();
            String line = line();
            if (type != ':') {
                throw new IllegalStateException("Redis answered " + command + " with " + (char) type + line);
            }
            return Long.parseLong(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis " + command, e);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    private static void bulk(ByteArrayOutputStream request, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(request, "$" + bytes.length + "\r\n");
        request.writeBytes(bytes);
        write(request, "\r\n");
    }

    private static void write(ByteArrayOutputStream request, String text) {
        request.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }
}
